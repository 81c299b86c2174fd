/**
 * An example researcher's code on {@code stackarena-api} only (no MuJoCo, no native code): a
 * colour-blob reacher written twice, as a hand-made two-loop {@code ControlStack}
 * ({@link com.example.hellostack.BlobReachStack}, {@code --stack hello-reach}) and as a policy on the
 * Policy contract ({@link com.example.hellostack.HelloPolicy}, {@code --policy examples/hello-stack/hello-policy}
 * through {@link com.example.hellostack.HelloPolicyLoader}).
 */
package com.example.hellostack;
