// SimpleRNN recurrence (h_t = tanh(x_t·W + b + (h_{t-1}⊙m)·U)) forward and backward through time for one
// layer direction, on plain float arrays. Batch-major layouts throughout: x [batch, steps, features],
// h [batch, steps, units]. `mask` (recurrent dropout, [batch, units]) may be null.
#pragma once
#include <cstddef>

namespace rnn_studio {

struct RnnDims {
  int batch;
  int steps;
  int features;
  int units;
};

// Fills h (every step's state).
void simple_rnn_forward(const RnnDims& d, const float* x, const float* W, const float* U, const float* bias, const float* mask, float* h);

// dy is [batch, steps, units] when returnSequences, else [batch, units] (the last step's gradient).
// Writes dx [batch, steps, features], dW [features, units], dU [units, units], db [units].
void simple_rnn_backward(const RnnDims& d, const float* x, const float* W, const float* U, const float* mask, const float* h, const float* dy, bool returnSequences, float* dx, float* dW, float* dU, float* db);

}  // namespace rnn_studio
