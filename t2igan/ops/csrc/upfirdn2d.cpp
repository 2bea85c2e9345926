// Python binding of the upfirdn2d kernel: checks the tensors, computes the output size, calls the launcher in
// upfirdn2d.cu.
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

extern "C" int t2igan_upfirdn2d_launch(int dtype, const void* x, const void* f, void* y, const int64_t* sizes,
                                       const int64_t* xs, const int64_t* ys, const int* params, double gain,
                                       cudaStream_t stream);

// x: [N, C, H, W] (any strides); f: [fh, fw] float32 (float64 when x is float64), contiguous, on x's device.
// Padding in upsampled pixels, negative = crop. Output keeps x's memory format (contiguous or channels_last).
at::Tensor upfirdn2d(const at::Tensor& x, const at::Tensor& f, int64_t upx, int64_t upy, int64_t downx, int64_t downy,
                        int64_t padx0, int64_t padx1, int64_t pady0, int64_t pady1, bool flip, double gain) {
    TORCH_CHECK(x.is_cuda() && x.dim() == 4, "upfirdn2d: x must be a 4-D CUDA tensor");
    TORCH_CHECK(f.dim() == 2 && f.is_contiguous() && f.device() == x.device(), "upfirdn2d: f must be 2-D, contiguous, on x's device");
    int code = -1;
    switch (x.scalar_type()) {
        case at::kFloat: code = 0; break;
        case at::kDouble: code = 1; break;
        case at::kHalf: code = 2; break;
        case at::kBFloat16: code = 3; break;
        default: TORCH_CHECK(false, "upfirdn2d: x must be float32, float64, float16 or bfloat16, got ", x.scalar_type());
    }
    TORCH_CHECK(f.scalar_type() == (code == 1 ? at::kDouble : at::kFloat), "upfirdn2d: f has the wrong dtype");
    TORCH_CHECK(upx >= 1 && upy >= 1 && downx >= 1 && downy >= 1, "upfirdn2d: factors must be >= 1");
    const int64_t N = x.size(0), C = x.size(1), H = x.size(2), W = x.size(3), fh = f.size(0), fw = f.size(1);
    const int64_t Ho = (H * upy + pady0 + pady1 - fh) / downy + 1, Wo = (W * upx + padx0 + padx1 - fw) / downx + 1;
    TORCH_CHECK(H * upy + pady0 + pady1 >= fh && W * upx + padx0 + padx1 >= fw, "upfirdn2d: padded input smaller than the filter");
    const c10::cuda::CUDAGuard guard(x.device());
    at::Tensor y = at::empty({N, C, Ho, Wo}, x.options().memory_format(x.suggest_memory_format()));
    const int64_t sizes[6] = {N, C, H, W, Ho, Wo};
    const int64_t xs[4] = {x.stride(0), x.stride(1), x.stride(2), x.stride(3)};
    const int64_t ys[4] = {y.stride(0), y.stride(1), y.stride(2), y.stride(3)};
    const int params[9] = {(int)fh, (int)fw, (int)upx, (int)upy, (int)downx, (int)downy, (int)padx0, (int)pady0, flip ? 1 : 0};
    const int err = t2igan_upfirdn2d_launch(code, x.data_ptr(), f.data_ptr(), y.data_ptr(), sizes, xs, ys, params, gain,
                                            c10::cuda::getCurrentCUDAStream(x.device().index()).stream());
    TORCH_CHECK(err == 0, "upfirdn2d: kernel launch failed: ", cudaGetErrorString((cudaError_t)err));
    return y;
}

T2IGAN_LIBRARY(TORCH_EXTENSION_NAME, m) {
    m.def("upfirdn2d(Tensor x, Tensor f, int upx, int upy, int downx, int downy, int padx0, int padx1, int pady0, int pady1, bool flip, float gain) -> Tensor", &upfirdn2d);
}
