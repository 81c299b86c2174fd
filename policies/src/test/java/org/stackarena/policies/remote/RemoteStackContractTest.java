package org.stackarena.policies.remote;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.stackarena.api.ControlStack;
import org.stackarena.api.ControlStackContract;

/** The remote client against the in-process reference server (reach policy) passes the stack contract. */
class RemoteStackContractTest extends ControlStackContract {

  private static ReferencePolicyServer server;

  @BeforeAll
  static void startServer() {
    server = ReferencePolicyServer.builder().optPort(0).build().start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Override
  protected ControlStack createStack() {
    return RemotePolicyStack.create(RemotePolicyConfig.of(server.url().toString()));
  }
}
