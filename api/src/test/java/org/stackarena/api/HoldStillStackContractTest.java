package org.stackarena.api;

/** {@link HoldStillStack} passes the stack contract. */
class HoldStillStackContractTest extends ControlStackContract {
  @Override
  protected ControlStack createStack() {
    return new HoldStillStack();
  }
}
