/*
 * malloc_trim(0) for Node: gives the C heap's free pages back to the system. glibc returns only the top of
 * the main heap on free(); pages freed in the middle of it (and of the other arenas) stay resident until
 * malloc_trim madvises them away. After a burst of hooks the daemon's C heap held 4–8 MB of such pages
 * (docs/performance.md). Elsewhere (macOS, musl) there is no such call and trim() answers false.
 */
#include <node_api.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

static napi_value Trim(napi_env env, napi_callback_info info) {
  (void)info;
  int released = 0;
#if defined(__GLIBC__)
  released = malloc_trim(0);
#endif
  napi_value out;
  napi_get_boolean(env, released != 0, &out);
  return out;
}

static napi_value Supported(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value out;
#if defined(__GLIBC__)
  napi_get_boolean(env, 1, &out);
#else
  napi_get_boolean(env, 0, &out);
#endif
  return out;
}

static napi_value Init(napi_env env, napi_value exports) {
  napi_value fn;
  napi_create_function(env, "trim", NAPI_AUTO_LENGTH, Trim, NULL, &fn);
  napi_set_named_property(env, exports, "trim", fn);
  napi_create_function(env, "supported", NAPI_AUTO_LENGTH, Supported, NULL, &fn);
  napi_set_named_property(env, exports, "supported", fn);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
