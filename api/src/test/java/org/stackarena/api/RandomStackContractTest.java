package org.stackarena.api;

/** {@link RandomStack} passes the stack contract. */
class RandomStackContractTest extends ControlStackContract {
  @Override
  protected ControlStack createStack() {
    return new RandomStack();
  }
}
