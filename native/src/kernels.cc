// The loops are written so GCC vectorises their inner dimension; the hot functions are compiled twice
// (AVX2+FMA and baseline x86-64) and picked at load time, so one binary runs on any x86-64 machine.
#include "kernels.h"

#include <cstring>

namespace rnn_studio {
namespace {

// Eight floats; in the baseline clone GCC splits it into two SSE registers.
typedef float v8 __attribute__((vector_size(32)));

__attribute__((always_inline)) inline v8 load8(const float* p) {
  v8 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
__attribute__((always_inline)) inline void store8(float* p, v8 v) { std::memcpy(p, &v, sizeof v); }

// C[i, n] += Σ_k a(i, k)·B[k, n] for i < M, n < N, k < K, where a(i, k) = A[i·ai + k·ak] (so both A
// and Aᵀ can be read in place), B is [K, N] with row stride ldb and C has row stride ldc. Register
// tiles of 4 rows × 16 columns stay in registers over the whole K loop.
RNN_STUDIO_CLONES
void gemm_acc_portable(int M, int N, int K, const float* A, std::ptrdiff_t ai, std::ptrdiff_t ak, const float* B, std::ptrdiff_t ldb, float* C, std::ptrdiff_t ldc) {
  const int N16 = N - N % 16;
  int m = 0;
  for (; m + 4 <= M; m += 4) {
    const float* a = A + m * ai;
    float* c = C + m * ldc;
    for (int n = 0; n < N16; n += 16) {
      v8 c00 = load8(c + n), c01 = load8(c + n + 8);
      v8 c10 = load8(c + ldc + n), c11 = load8(c + ldc + n + 8);
      v8 c20 = load8(c + 2 * ldc + n), c21 = load8(c + 2 * ldc + n + 8);
      v8 c30 = load8(c + 3 * ldc + n), c31 = load8(c + 3 * ldc + n + 8);
      for (int k = 0; k < K; ++k) {
        const float* b = B + k * ldb + n;
        const v8 b0 = load8(b), b1 = load8(b + 8);
        const float* ak0 = a + k * ak;
        const float a0 = ak0[0], a1 = ak0[ai], a2 = ak0[2 * ai], a3 = ak0[3 * ai];
        c00 += a0 * b0;
        c01 += a0 * b1;
        c10 += a1 * b0;
        c11 += a1 * b1;
        c20 += a2 * b0;
        c21 += a2 * b1;
        c30 += a3 * b0;
        c31 += a3 * b1;
      }
      store8(c + n, c00), store8(c + n + 8, c01);
      store8(c + ldc + n, c10), store8(c + ldc + n + 8, c11);
      store8(c + 2 * ldc + n, c20), store8(c + 2 * ldc + n + 8, c21);
      store8(c + 3 * ldc + n, c30), store8(c + 3 * ldc + n + 8, c31);
    }
  }
  for (; m < M; ++m) {
    const float* a = A + m * ai;
    float* c = C + m * ldc;
    for (int n = 0; n < N16; n += 16) {
      v8 c0 = load8(c + n), c1 = load8(c + n + 8);
      for (int k = 0; k < K; ++k) {
        const float v = a[k * ak];
        c0 += v * load8(B + k * ldb + n);
        c1 += v * load8(B + k * ldb + n + 8);
      }
      store8(c + n, c0), store8(c + n + 8, c1);
    }
  }
  // Columns past the last full tile (units not a multiple of 16, or a narrow output such as dx).
  if (N16 < N) {
    for (int i = 0; i < M; ++i) {
      float* c = C + i * ldc;
      for (int k = 0; k < K; ++k) {
        const float v = A[i * ai + k * ak];
        const float* b = B + k * ldb;
        for (int n = N16; n < N; ++n) c[n] += v * b[n];
      }
    }
  }
}

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__linux__)
#define RNN_STUDIO_AVX512 1
typedef float v16 __attribute__((vector_size(64)));

// gemm_acc's 8 rows × 32 columns tiles in AVX-512 registers (16 accumulators), for the machines that
// have it: twice the width and twice the tile of the portable kernel, which handles the edges.
__attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,avx2,fma")))
void gemm_acc_avx512_tiles(int M8, int N32, int K, const float* A, std::ptrdiff_t ai, std::ptrdiff_t ak, const float* B, std::ptrdiff_t ldb, float* C, std::ptrdiff_t ldc) {
  for (int m = 0; m < M8; m += 8) {
    const float* a = A + m * ai;
    float* c = C + m * ldc;
    for (int n = 0; n < N32; n += 32) {
      v16 acc[8][2];
      for (int r = 0; r < 8; ++r) {
        std::memcpy(&acc[r][0], c + r * ldc + n, 64);
        std::memcpy(&acc[r][1], c + r * ldc + n + 16, 64);
      }
      for (int k = 0; k < K; ++k) {
        v16 b0, b1;
        std::memcpy(&b0, B + k * ldb + n, 64);
        std::memcpy(&b1, B + k * ldb + n + 16, 64);
        const float* ak0 = a + k * ak;
        for (int r = 0; r < 8; ++r) {
          const float v = ak0[r * ai];
          acc[r][0] += v * b0;
          acc[r][1] += v * b1;
        }
      }
      for (int r = 0; r < 8; ++r) {
        std::memcpy(c + r * ldc + n, &acc[r][0], 64);
        std::memcpy(c + r * ldc + n + 16, &acc[r][1], 64);
      }
    }
  }
}

bool has_avx512() {
  static const bool yes = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq");
  return yes;
}
#endif

}  // namespace

// C[i, n] += Σ_k a(i, k)·B[k, n] (see gemm_acc_portable): AVX-512 tiles where the CPU has them, the
// portable kernel for the rest.
void gemm_acc(int M, int N, int K, const float* A, std::ptrdiff_t ai, std::ptrdiff_t ak, const float* B, std::ptrdiff_t ldb, float* C, std::ptrdiff_t ldc) {
#ifdef RNN_STUDIO_AVX512
  const int M8 = M - M % 8, N32 = N - N % 32;
  if (M8 > 0 && N32 > 0 && has_avx512()) {
    gemm_acc_avx512_tiles(M8, N32, K, A, ai, ak, B, ldb, C, ldc);
    if (N32 < N) gemm_acc_portable(M8, N - N32, K, A, ai, ak, B + N32, ldb, C + N32, ldc);
    if (M8 < M) gemm_acc_portable(M - M8, N, K, A + M8 * ai, ai, ak, B, ldb, C + M8 * ldc, ldc);
    return;
  }
#endif
  gemm_acc_portable(M, N, K, A, ai, ak, B, ldb, C, ldc);
}

// C[i, n] += A[i, :]·Bt[n, :] (both rows contiguous, length K): a dot product per element, for outputs
// too narrow for gemm_acc's column tiles (dx when a layer has few input features).
RNN_STUDIO_CLONES
void gemm_nt_acc(int M, int N, int K, const float* A, std::ptrdiff_t lda, const float* Bt, std::ptrdiff_t ldbt, float* C, std::ptrdiff_t ldc) {
  const int K8 = K - K % 8;
  for (int i = 0; i < M; ++i) {
    const float* a = A + i * lda;
    for (int n = 0; n < N; ++n) {
      const float* b = Bt + n * ldbt;
      v8 acc = {0, 0, 0, 0, 0, 0, 0, 0};
      for (int k = 0; k < K8; k += 8) acc += load8(a + k) * load8(b + k);
      float sum = 0.0f;
      for (int l = 0; l < 8; ++l) sum += acc[l];
      for (int k = K8; k < K; ++k) sum += a[k] * b[k];
      C[i * ldc + n] += sum;
    }
  }
}

// x ← tanh(x) over n elements.
RNN_STUDIO_CLONES
void tanh_inplace(float* x, int n) {
  for (int j = 0; j < n; ++j) x[j] = tanh_approx(x[j]);
}

}  // namespace rnn_studio
