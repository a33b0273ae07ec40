// Node-API entry points for the SimpleRNN and GRU recurrences (forward and backward, for training) and
// the LSTM and GRU forward passes (inference). Every array is a caller-owned Float32Array whose
// length is checked against the dimensions before any loop touches it; nothing is kept between calls.
#include <node_api.h>

#include <initializer_list>
#include <string>

#include "gated_rnn.h"
#include "gru_training.h"
#include "simple_rnn.h"

namespace {

struct Floats {
  float* data = nullptr;
  size_t length = 0;
};

bool fail(napi_env env, const std::string& message) {
  napi_throw_type_error(env, nullptr, message.c_str());
  return false;
}

bool get_int(napi_env env, napi_value v, const char* name, int* out) {
  int32_t value = 0;
  if (napi_get_value_int32(env, v, &value) != napi_ok || value < 0) return fail(env, std::string(name) + " must be a non-negative integer");
  *out = value;
  return true;
}

// A Float32Array of exactly `expected` elements, or null/undefined when `optional`.
bool get_floats(napi_env env, napi_value v, const char* name, size_t expected, bool optional, Floats* out) {
  napi_valuetype type;
  napi_typeof(env, v, &type);
  if (optional && (type == napi_null || type == napi_undefined)) return true;
  bool isTyped = false;
  napi_is_typedarray(env, v, &isTyped);
  if (!isTyped) return fail(env, std::string(name) + " must be a Float32Array");
  napi_typedarray_type arrayType;
  size_t length = 0;
  void* data = nullptr;
  napi_get_typedarray_info(env, v, &arrayType, &length, &data, nullptr, nullptr);
  if (arrayType != napi_float32_array) return fail(env, std::string(name) + " must be a Float32Array");
  if (length != expected) return fail(env, std::string(name) + " has " + std::to_string(length) + " elements, expected " + std::to_string(expected));
  out->data = static_cast<float*>(data);
  out->length = length;
  return true;
}

bool get_dims(napi_env env, napi_value* argv, rnn_studio::RnnDims* d) {
  return get_int(env, argv[0], "batch", &d->batch) && get_int(env, argv[1], "steps", &d->steps) && get_int(env, argv[2], "features", &d->features) && get_int(env, argv[3], "units", &d->units);
}

// The exactly N arguments of `name`, whose first four are the dimensions every kernel takes.
template <size_t N>
bool read_call(napi_env env, napi_callback_info info, const char* name, napi_value (&argv)[N], rnn_studio::RnnDims* d) {
  size_t argc = N;
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc != N) return fail(env, std::string(name) + " takes " + std::to_string(N) + " arguments");
  return get_dims(env, argv, d);
}

// One array argument: its position, its name in errors, the length the dimensions give it.
struct ArrayArg {
  size_t index;
  const char* name;
  size_t length;
  bool optional;
  Floats* out;
};

bool get_arrays(napi_env env, napi_value* argv, std::initializer_list<ArrayArg> args) {
  for (const ArrayArg& a : args)
    if (!get_floats(env, argv[a.index], a.name, a.length, a.optional, a.out)) return false;
  return true;
}

bool get_return_sequences(napi_env env, napi_value v, bool* out) {
  if (napi_get_value_bool(env, v, out) != napi_ok) return fail(env, "returnSequences must be a boolean");
  return true;
}

// simpleRnnForward(batch, steps, features, units, x, W, U, bias, mask | null, h): fills h.
napi_value Forward(napi_env env, napi_callback_info info) {
  napi_value argv[10];
  rnn_studio::RnnDims d{};
  if (!read_call(env, info, "simpleRnnForward", argv, &d)) return nullptr;
  const size_t B = d.batch, T = d.steps, F = d.features, H = d.units;
  Floats x, W, U, bias, mask, h;
  if (!get_arrays(env, argv, {{4, "x", B * T * F, false, &x}, {5, "W", F * H, false, &W}, {6, "U", H * H, false, &U}, {7, "bias", H, false, &bias}, {8, "mask", B * H, true, &mask}, {9, "h", B * T * H, false, &h}}))
    return nullptr;
  rnn_studio::simple_rnn_forward(d, x.data, W.data, U.data, bias.data, mask.data, h.data);
  return nullptr;
}

// simpleRnnBackward(batch, steps, features, units, x, W, U, mask | null, h, dy, returnSequences, dx, dW, dU, db).
napi_value Backward(napi_env env, napi_callback_info info) {
  napi_value argv[15];
  rnn_studio::RnnDims d{};
  bool returnSequences = false;
  if (!read_call(env, info, "simpleRnnBackward", argv, &d) || !get_return_sequences(env, argv[10], &returnSequences)) return nullptr;
  const size_t B = d.batch, T = d.steps, F = d.features, H = d.units;
  Floats x, W, U, mask, h, dy, dx, dW, dU, db;
  if (!get_arrays(env, argv,
                  {{4, "x", B * T * F, false, &x}, {5, "W", F * H, false, &W}, {6, "U", H * H, false, &U}, {7, "mask", B * H, true, &mask}, {8, "h", B * T * H, false, &h},
                   {9, "dy", returnSequences ? B * T * H : B * H, false, &dy}, {11, "dx", B * T * F, false, &dx}, {12, "dW", F * H, false, &dW}, {13, "dU", H * H, false, &dU}, {14, "db", H, false, &db}}))
    return nullptr;
  rnn_studio::simple_rnn_backward(d, x.data, W.data, U.data, mask.data, h.data, dy.data, returnSequences, dx.data, dW.data, dU.data, db.data);
  return nullptr;
}

// gruTrainForward(batch, steps, features, units, x, W, U, bias, mask | null, h, gates): fills h and gates.
napi_value GruTrainForward(napi_env env, napi_callback_info info) {
  napi_value argv[11];
  rnn_studio::RnnDims d{};
  if (!read_call(env, info, "gruTrainForward", argv, &d)) return nullptr;
  const size_t B = d.batch, T = d.steps, F = d.features, H = d.units;
  Floats x, W, U, bias, mask, h, gates;
  if (!get_arrays(env, argv,
                  {{4, "x", B * T * F, false, &x}, {5, "W", F * 3 * H, false, &W}, {6, "U", H * 3 * H, false, &U}, {7, "bias", 3 * H, false, &bias}, {8, "mask", B * H, true, &mask},
                   {9, "h", B * T * H, false, &h}, {10, "gates", B * T * 3 * H, false, &gates}}))
    return nullptr;
  rnn_studio::gru_train_forward(d, x.data, W.data, U.data, bias.data, mask.data, h.data, gates.data);
  return nullptr;
}

// gruBackward(batch, steps, features, units, x, W, U, mask | null, h, gates, dy, returnSequences, dx, dW, dU, db).
napi_value GruBackward(napi_env env, napi_callback_info info) {
  napi_value argv[16];
  rnn_studio::RnnDims d{};
  bool returnSequences = false;
  if (!read_call(env, info, "gruBackward", argv, &d) || !get_return_sequences(env, argv[11], &returnSequences)) return nullptr;
  const size_t B = d.batch, T = d.steps, F = d.features, H = d.units;
  Floats x, W, U, mask, h, gates, dy, dx, dW, dU, db;
  if (!get_arrays(env, argv,
                  {{4, "x", B * T * F, false, &x}, {5, "W", F * 3 * H, false, &W}, {6, "U", H * 3 * H, false, &U}, {7, "mask", B * H, true, &mask}, {8, "h", B * T * H, false, &h},
                   {9, "gates", B * T * 3 * H, false, &gates}, {10, "dy", returnSequences ? B * T * H : B * H, false, &dy}, {12, "dx", B * T * F, false, &dx}, {13, "dW", F * 3 * H, false, &dW},
                   {14, "dU", H * 3 * H, false, &dU}, {15, "db", 3 * H, false, &db}}))
    return nullptr;
  rnn_studio::gru_backward(d, x.data, W.data, U.data, mask.data, h.data, gates.data, dy.data, returnSequences, dx.data, dW.data, dU.data, db.data);
  return nullptr;
}

// lstmForward / gruForward(batch, steps, features, units, blocks, x, W, U, bias, h): fills h. `blocks`
// (≥ 1, dividing units) is how many equal diagonal blocks U has within each gate.
template <int Gates, void (*Kernel)(const rnn_studio::RnnDims&, int, const float*, const float*, const float*, const float*, float*)>
napi_value GatedForward(napi_env env, napi_callback_info info) {
  const char* name = Gates == 4 ? "lstmForward" : "gruForward";
  napi_value argv[10];
  rnn_studio::RnnDims d{};
  int blocks = 0;
  if (!read_call(env, info, name, argv, &d) || !get_int(env, argv[4], "blocks", &blocks)) return nullptr;
  if (blocks < 1 || d.units % blocks != 0) return fail(env, "blocks must be a positive divisor of units (" + std::to_string(d.units) + "), got " + std::to_string(blocks)), nullptr;
  const size_t B = d.batch, T = d.steps, F = d.features, H = d.units, G = Gates;
  Floats x, W, U, bias, h;
  if (!get_arrays(env, argv, {{5, "x", B * T * F, false, &x}, {6, "W", F * G * H, false, &W}, {7, "U", H * G * H, false, &U}, {8, "bias", G * H, false, &bias}, {9, "h", B * T * H, false, &h}}))
    return nullptr;
  Kernel(d, blocks, x.data, W.data, U.data, bias.data, h.data);
  return nullptr;
}

napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"simpleRnnForward", nullptr, Forward, nullptr, nullptr, nullptr, napi_default_method, nullptr},
      {"simpleRnnBackward", nullptr, Backward, nullptr, nullptr, nullptr, napi_default_method, nullptr},
      {"lstmForward", nullptr, GatedForward<4, rnn_studio::lstm_forward>, nullptr, nullptr, nullptr, napi_default_method, nullptr},
      {"gruForward", nullptr, GatedForward<3, rnn_studio::gru_forward>, nullptr, nullptr, nullptr, napi_default_method, nullptr},
      {"gruTrainForward", nullptr, GruTrainForward, nullptr, nullptr, nullptr, napi_default_method, nullptr},
      {"gruBackward", nullptr, GruBackward, nullptr, nullptr, nullptr, napi_default_method, nullptr},
  };
  napi_define_properties(env, exports, 6, props);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
