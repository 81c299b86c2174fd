/**
 * An example researcher stack built on the {@code sim} API only: a colour-blob reacher.
 */
package com.example.hellostack;
