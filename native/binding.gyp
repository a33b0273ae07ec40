{
  "targets": [
    {
      "target_name": "rnn_studio_native",
      "sources": ["src/addon.cc", "src/kernels.cc", "src/simple_rnn.cc", "src/gated_rnn.cc", "src/gru_training.cc"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-O3", "-ffp-contract=fast", "-fno-math-errno"],
      "cflags!": ["-O2"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
