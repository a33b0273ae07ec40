// LSTM and GRU forward passes (inference only) for one layer direction on plain float arrays, in the
// stock tfjs/Keras weight layout: W [features, g·units], U [units, g·units], bias [g·units], gate blocks
// LSTM i, f, c, o (no forget bias, no peephole, no cell clip) and GRU z, r, h (reset applied before the
// recurrent matmul, as tfjs does). Batch-major: x [batch, steps, features], h [batch, steps, units].
#pragma once
#include "simple_rnn.h"

namespace rnn_studio {

// Fills h (every step's state) from a zero state. U is block-diagonal within each gate with `blocks`
// equal blocks (1: a dense U); only the blocks are multiplied.
void lstm_forward(const RnnDims& d, int blocks, const float* x, const float* W, const float* U, const float* bias, float* h);
void gru_forward(const RnnDims& d, int blocks, const float* x, const float* W, const float* U, const float* bias, float* h);

}  // namespace rnn_studio
