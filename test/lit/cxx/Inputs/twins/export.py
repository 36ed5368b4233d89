"""How every twin is exported, so that they differ only in their modules:
Debian's torch, opset 17, the model in eval mode with a symbolic batch N on
the first axis of the input and the output.

The export keeps the graph as the module wrote it: training=PRESERVE (the
model being in eval mode, it exports as in eval mode) skips the exporter's
eval-mode peephole, which would fold each BatchNorm into the Conv before it
and so drop nodes (and count the folded shift as a conv bias) that the C++
source has. Dropout in eval mode still exports as no node.

Every floating-point parameter and buffer is drawn at random first: in eval
mode the exporter merges initializers equal in value into one and reads
the copies through Identity nodes, and a fresh BatchNorm's running_var and
weight (all ones), running_mean and bias (all zeros) would be merged so."""
import warnings

import torch

OPSET = 17


def export(model, shape, path, names=("x",), batch_axis=0, dtype="float32", axes=None):
    """Exports `model` (a torch.nn.Module) for an input of `shape` (batch
    first, or at `batch_axis`) to `path`; for several inputs, `shape` is a
    list of shapes (or of tensors, used as they are) and `names` their
    names. An int64 `dtype` makes token ids (zeros). `axes` replaces the
    dynamic axes (default: N at `batch_axis` of every input, at 0 of y)."""
    torch.manual_seed(1)
    model.eval()
    with torch.no_grad():
        for t in list(model.parameters()) + list(model.buffers()):
            if t.is_floating_point():
                t.uniform_(0.5, 1.5)
    with warnings.catch_warnings():
        # The advice to turn constant folding off is for models in training
        # mode; folding keeps the LSTM's weights plain initializers.
        warnings.simplefilter("ignore")
        shapes = shape if isinstance(shape, list) else [shape]
        args = tuple(s if isinstance(s, torch.Tensor)
                     else torch.zeros(*s, dtype=torch.int64) if dtype == "int64"
                     else torch.randn(*s) for s in shapes)
        if axes is None:
            axes = {n: {batch_axis: "N"} for n in names}
            axes["y"] = {0: "N"}
        torch.onnx.export(model, args, path, input_names=list(names),
                          output_names=["y"], dynamic_axes=axes,
                          opset_version=OPSET,
                          training=torch.onnx.TrainingMode.PRESERVE)
