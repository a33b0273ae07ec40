// GRU forward (keeping what the backward needs) and backward through time for one layer direction, for
// training, on plain float arrays in the stock tfjs/Keras layout: W [features, 3·units], U [units,
// 3·units], bias [3·units], gate blocks z, r, h. The equations are tfjs's GRU, with hIn = h_{t-1}⊙m
// (m the recurrent dropout mask [batch, units], or 1 when `mask` is null; hIn = 0 at the first step):
//   z = σ(x·W_z + b_z + hIn·U_z), r = σ(x·W_r + b_r + hIn·U_r),
//   c = tanh(x·W_h + b_h + (r⊙hIn)·U_h), h = z⊙hIn + (1 − z)⊙c.
// Batch-major: x [batch, steps, features], h [batch, steps, units], gates [batch, steps, 3·units].
#pragma once
#include "simple_rnn.h"

namespace rnn_studio {

// Fills h (every step's state) and gates (every step's z, r, c activations).
void gru_train_forward(const RnnDims& d, const float* x, const float* W, const float* U, const float* bias, const float* mask, float* h, float* gates);

// dy is [batch, steps, units] when returnSequences, else [batch, units] (the last step's gradient).
// Writes dx [batch, steps, features], dW [features, 3·units], dU [units, 3·units], db [3·units].
void gru_backward(const RnnDims& d, const float* x, const float* W, const float* U, const float* mask, const float* h, const float* gates, const float* dy, bool returnSequences, float* dx, float* dW, float* dU,
                  float* db);

}  // namespace rnn_studio
