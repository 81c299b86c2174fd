/*
 * StackArena native helpers, compiled into the JavaCPP JNI library next to the MuJoCo bindings.
 *
 * 1. Error recovery. MuJoCo's mju_error() calls exit(1) unless a user handler is installed, and
 *    carries on after the handler returns. sa_install_handlers() installs a handler that, inside a
 *    guarded call (sa_step, sa_forward, ...), copies the message and longjmps back to the guard, so
 *    the call returns -1 instead of killing the process or continuing on corrupt state. This is the
 *    setjmp/longjmp recovery MuJoCo's documentation recommends to C hosts. Outside a guarded call the
 *    message is only recorded (sa_last_error) and counted.
 * 2. Warnings. mju_warning() text is counted per thread; mjData warning counters are summed by
 *    sa_warning_total so Java can detect a new warning after a step without allocating.
 * 3. Headless OpenGL. sa_gl_make_current() creates an EGL surfaceless (Mesa) OpenGL context and
 *    makes it current on the calling thread, which MuJoCo's mjr_* renderer needs. The
 *    sa_gl_*_context helpers keep a handle to it so one thread can own several contexts (one per
 *    renderer) and switch between them.
 *
 * Everything is static inline: the header is included by exactly one translation unit (jnimujoco).
 */
#ifndef STACKARENA_NATIVE_H
#define STACKARENA_NATIVE_H

#include <setjmp.h>
#include <string.h>
#include <stdio.h>
#include <EGL/egl.h>
#include <EGL/eglext.h>
#include "mujoco.h"

static __thread jmp_buf sa_jmp_env;
static __thread int sa_guard_active = 0;
static __thread char sa_error_msg[1024];
static __thread char sa_warning_msg[1024];
static __thread long sa_warning_count = 0;

static void sa_error_handler(const char* msg) {
  snprintf(sa_error_msg, sizeof(sa_error_msg), "%s", msg ? msg : "unknown MuJoCo error");
  if (sa_guard_active) {
    sa_guard_active = 0;
    longjmp(sa_jmp_env, 1);
  }
}

static void sa_warning_handler(const char* msg) {
  snprintf(sa_warning_msg, sizeof(sa_warning_msg), "%s", msg ? msg : "unknown MuJoCo warning");
  sa_warning_count++;
}

/** Installs the error and warning handlers (idempotent; also call after loading a model). */
static inline void sa_install_handlers(void) {
  mju_user_error = sa_error_handler;
  mju_user_warning = sa_warning_handler;
}

/** The last mju_error message seen on this thread ("" when none). */
static inline const char* sa_last_error(void) { return sa_error_msg; }

/** Clears the last error message of this thread. */
static inline void sa_clear_error(void) { sa_error_msg[0] = 0; }

/** The last mju_warning message seen on this thread ("" when none). */
static inline const char* sa_last_warning(void) { return sa_warning_msg; }

/** How many mju_warning calls this thread has seen. */
static inline long sa_warning_calls(void) { return sa_warning_count; }

/** Sum of all mjData warning counters (instability, full contact buffer, bad qacc, ...). */
static inline int sa_warning_total(const mjData* d) {
  int total = 0;
  for (int i = 0; i < mjNWARNING; i++) total += d->warning[i].number;
  return total;
}

#define SA_GUARDED(body)                  \
  if (setjmp(sa_jmp_env) != 0) {          \
    return -1;                            \
  }                                       \
  sa_guard_active = 1;                    \
  body;                                   \
  sa_guard_active = 0;                    \
  return 0;

/**
 * nstep calls of mj_step. Returns the sum of mjData's warning counters (>= 0, see
 * sa_warning_total) on success, so a caller detects new warnings without a second native call;
 * -1 when mju_error was raised (see sa_last_error).
 */
static inline int sa_step(const mjModel* m, mjData* d, int nstep) {
  if (setjmp(sa_jmp_env) != 0) {
    return -1;
  }
  sa_guard_active = 1;
  for (int i = 0; i < nstep; i++) mj_step(m, d);
  sa_guard_active = 0;
  return sa_warning_total(d);
}

/** mj_step1 under the guard. */
static inline int sa_step1(const mjModel* m, mjData* d) { SA_GUARDED(mj_step1(m, d)) }

/** mj_step2 under the guard. */
static inline int sa_step2(const mjModel* m, mjData* d) { SA_GUARDED(mj_step2(m, d)) }

/** mj_forward under the guard. */
static inline int sa_forward(const mjModel* m, mjData* d) { SA_GUARDED(mj_forward(m, d)) }

/** mj_resetData under the guard. */
static inline int sa_reset(const mjModel* m, mjData* d) { SA_GUARDED(mj_resetData(m, d)) }

/** mj_resetDataKeyframe under the guard. */
static inline int sa_reset_keyframe(const mjModel* m, mjData* d, int key) {
  SA_GUARDED(mj_resetDataKeyframe(m, d, key))
}

/** mj_makeData under the guard; NULL on error. */
static inline mjData* sa_make_data(const mjModel* m) {
  if (setjmp(sa_jmp_env) != 0) {
    return NULL;
  }
  sa_guard_active = 1;
  mjData* d = mj_makeData(m);
  sa_guard_active = 0;
  return d;
}

/** Deliberately raises mju_error under the guard (used by tests of the recovery path). */
static inline int sa_raise_error(const char* msg) { SA_GUARDED(mju_error(msg)) }

#undef SA_GUARDED

/**
 * Creates an EGL surfaceless OpenGL context (Mesa llvmpipe on CPU) and makes it current on the
 * calling thread. Returns 0 on success, a negative step number on failure.
 */
static inline int sa_gl_make_current(void) {
  PFNEGLGETPLATFORMDISPLAYEXTPROC getPlatformDisplay =
      (PFNEGLGETPLATFORMDISPLAYEXTPROC) eglGetProcAddress("eglGetPlatformDisplayEXT");
  if (!getPlatformDisplay) return -1;
  EGLDisplay display = getPlatformDisplay(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, NULL);
  if (display == EGL_NO_DISPLAY) return -2;
  EGLint major, minor;
  if (!eglInitialize(display, &major, &minor)) return -3;
  if (!eglBindAPI(EGL_OPENGL_API)) return -4;
  const EGLint attribs[] = {EGL_SURFACE_TYPE, EGL_PBUFFER_BIT, EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT,
                            EGL_NONE};
  EGLConfig config = NULL;
  EGLint count = 0;
  if (!eglChooseConfig(display, attribs, &config, 1, &count) || count < 1) config = NULL;
  EGLContext context = eglCreateContext(display, config, EGL_NO_CONTEXT, NULL);
  if (context == EGL_NO_CONTEXT) return -5;
  if (!eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, context)) return -6;
  return 0;
}

/** Releases the calling thread's current EGL context. */
static inline void sa_gl_release(void) {
  EGLDisplay display = eglGetCurrentDisplay();
  EGLContext context = eglGetCurrentContext();
  if (display != EGL_NO_DISPLAY) {
    eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
    if (context != EGL_NO_CONTEXT) eglDestroyContext(display, context);
  }
}

/** The calling thread's current EGL context as an opaque handle, or NULL when there is none. */
static inline void* sa_gl_current_context(void) {
  EGLContext context = eglGetCurrentContext();
  return context == EGL_NO_CONTEXT ? NULL : (void*) context;
}

/**
 * Makes a context obtained from sa_gl_current_context() current on the calling thread (no-op when
 * it already is). A context can be current on one thread at a time. Returns 0 on success.
 */
static inline int sa_gl_make_context_current(void* handle) {
  if (handle == NULL) return -1;
  if (eglGetCurrentContext() == (EGLContext) handle) return 0;
  EGLDisplay display = eglGetCurrentDisplay();
  if (display == EGL_NO_DISPLAY) {
    PFNEGLGETPLATFORMDISPLAYEXTPROC getPlatformDisplay =
        (PFNEGLGETPLATFORMDISPLAYEXTPROC) eglGetProcAddress("eglGetPlatformDisplayEXT");
    if (!getPlatformDisplay) return -2;
    display = getPlatformDisplay(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, NULL);
    if (display == EGL_NO_DISPLAY) return -3;
  }
  if (!eglBindAPI(EGL_OPENGL_API)) return -4;
  return eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, (EGLContext) handle) ? 0 : -5;
}

/**
 * Destroys a context obtained from sa_gl_current_context(), first releasing it if it is current on
 * the calling thread. Other threads' contexts are not affected.
 */
static inline void sa_gl_destroy_context(void* handle) {
  if (handle == NULL) return;
  PFNEGLGETPLATFORMDISPLAYEXTPROC getPlatformDisplay =
      (PFNEGLGETPLATFORMDISPLAYEXTPROC) eglGetProcAddress("eglGetPlatformDisplayEXT");
  if (!getPlatformDisplay) return;
  EGLDisplay display = getPlatformDisplay(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, NULL);
  if (display == EGL_NO_DISPLAY) return;
  if (eglGetCurrentContext() == (EGLContext) handle) {
    eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
  }
  eglDestroyContext(display, (EGLContext) handle);
}

#endif
