// Python binding of the bias_act kernel: checks the tensors, then calls the plain launcher in bias_act.cu.
#include <ATen/core/Tensor.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/empty_like.h>
#include <torch/library.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>
#include <cuda_runtime_api.h>

// Registered as a torch op in the namespace TORCH_EXTENSION_NAME (set by the build, unique per cache key); only
// light ATen headers are included (not torch/extension.h, whose parsing dominated the build time).
#define T2IGAN_LIBRARY(ns, m) TORCH_LIBRARY(ns, m)

extern "C" int t2igan_bias_act_launch(int dtype, const void* x, const void* b, void* y, int64_t n, int64_t stride_c,
                                      int64_t size_c, int act, double alpha, double gain, double clamp, cudaStream_t stream);

static int dtype_code(const at::Tensor& t) {
    switch (t.scalar_type()) {
        case at::kFloat: return 0;
        case at::kDouble: return 1;
        case at::kHalf: return 2;
        case at::kBFloat16: return 3;
        default: TORCH_CHECK(false, "bias_act: x must be float32, float64, float16 or bfloat16, got ", t.scalar_type());
    }
    return -1;
}

// x: any shape; b: [x.size(dim)] of x's dtype, or empty for no bias. clamp < 0 = off.
at::Tensor bias_act(const at::Tensor& x_in, const at::Tensor& b_in, int64_t dim, int64_t act, double alpha, double gain, double clamp) {
    at::Tensor x = x_in, b = b_in;
    TORCH_CHECK(x.is_cuda(), "bias_act: x must be a CUDA tensor");
    TORCH_CHECK(dim >= 0 && dim < x.dim(), "bias_act: dim out of range");
    const int code = dtype_code(x);
    const bool has_b = b.numel() > 0;
    if (has_b) {
        TORCH_CHECK(b.device() == x.device() && b.scalar_type() == x.scalar_type(), "bias_act: b must match x's device and dtype");
        TORCH_CHECK(b.dim() == 1 && b.size(0) == x.size(dim), "bias_act: b must be [x.size(dim)]");
        b = b.contiguous();
    }
    if (!x.is_non_overlapping_and_dense()) x = x.contiguous();
    const c10::cuda::CUDAGuard guard(x.device());
    at::Tensor y = at::empty_like(x);  // keeps x's (dense) strides
    const int err = t2igan_bias_act_launch(code, x.data_ptr(), has_b ? b.data_ptr() : nullptr, y.data_ptr(), x.numel(),
                                           x.size(dim) > 1 ? x.stride(dim) : 1, x.size(dim), (int)act, alpha, gain, clamp,
                                           c10::cuda::getCurrentCUDAStream(x.device().index()).stream());
    TORCH_CHECK(err == 0, "bias_act: kernel launch failed: ", cudaGetErrorString((cudaError_t)err));
    return y;
}

T2IGAN_LIBRARY(TORCH_EXTENSION_NAME, m) {
    m.def("bias_act(Tensor x, Tensor b, int dim, int act, float alpha, float gain, float clamp) -> Tensor", &bias_act);
}
