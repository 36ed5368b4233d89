//===- cost/Runtime.cpp - what a framework runs, as sourced data ----------===//
#include "cost/Runtime.h"
#include "analyzer/Text.h"
#include "cost/BuiltinFiles.h"
#include "cost/Target.h"
#include "cost/YamlMaps.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/YAMLTraits.h"

#include <cmath>

using namespace llvm;
using namespace wattlint;

namespace {
// BuiltinRuntimeFiles[] (cost/BuiltinFiles.h).
#include "BuiltinRuntimes.inc"

struct Fp32Default {
  std::string Conv, Matmul, Source;
};
struct FusionList {
  std::vector<std::string> Patterns;
  std::string Source;
};
struct PrecisionList {
  std::vector<std::string> Precisions;
  std::string Source;
};
struct Flag {
  bool Value = false;
  std::string Source;
};
/// The file's form; parseRuntime() copies what it gives over the base.
struct RuntimeFile {
  Runtime R;
  std::optional<Fp32Default> Fp32;
  std::optional<FusionList> Fusions;
  std::optional<Flag> CappedConvolutions;
  std::optional<PrecisionList> PersistentRecurrent;
};

} // namespace

namespace llvm::yaml {

template <> struct MappingTraits<Fp32Default> {
  static void mapping(IO &Io, Fp32Default &F) {
    Io.mapRequired("conv", F.Conv);
    Io.mapRequired("matmul", F.Matmul);
    Io.mapOptional("source", F.Source);
  }
};

template <> struct MappingTraits<Flag> {
  static void mapping(IO &Io, Flag &F) {
    Io.mapRequired("value", F.Value);
    Io.mapOptional("source", F.Source);
  }
};

template <> struct MappingTraits<FusionList> {
  static void mapping(IO &Io, FusionList &F) {
    Io.mapRequired("patterns", F.Patterns);
    Io.mapOptional("source", F.Source);
  }
};

template <> struct MappingTraits<PrecisionList> {
  static void mapping(IO &Io, PrecisionList &P) {
    Io.mapRequired("precisions", P.Precisions);
    Io.mapOptional("source", P.Source);
  }
};

template <> struct MappingTraits<RuntimeFile> {
  static void mapping(IO &Io, RuntimeFile &F) {
    Runtime &R = F.R;
    Io.mapOptional("name", R.Name);
    Io.mapOptional("display_name", R.DisplayName);
    Io.mapOptional("host_op_us", R.HostOpUs);
    Io.mapOptional("host_inference_us", R.HostInferenceUs);
    Io.mapOptional("conv_kernels", R.ConvKernels);
    Io.mapOptional("conv_host_ops", R.ConvHostOps);
    Io.mapOptional("recurrent_kernels_per_step", R.RecurrentKernelsPerStep);
    Io.mapOptional("train_kernels_per_weight", R.TrainKernelsPerWeight);
    Io.mapOptional("backward_host_op_us", R.BackwardHostOpUs);
    Io.mapOptional("train_step_host_us", R.TrainStepHostUs);
    Io.mapOptional("fp32_default", F.Fp32);
    Io.mapOptional("fusions", F.Fusions);
    Io.mapOptional("capped_convolutions", F.CappedConvolutions);
    Io.mapOptional("persistent_recurrent", F.PersistentRecurrent);
    Io.mapOptional("sources", R.Sources);
  }
};

} // namespace llvm::yaml

namespace wattlint {

bool Runtime::fuses(StringRef Pattern) const {
  return any_of(Fusions, [&](const std::string &F) { return F == Pattern; });
}

bool Runtime::persistentRecurrentAt(StringRef Precision) const {
  return PersistentRecurrentPrecisions.empty() ||
         is_contained(PersistentRecurrentPrecisions, Precision.str());
}

namespace {

Error runtimeError(const Runtime &R, const Twine &What) {
  return createStringError(inconvertibleErrorCode(), "runtime '%s' (%s): %s",
                           printable(R.Name, 64).c_str(), R.Origin.c_str(), What.str().c_str());
}

Error checkRuntime(const Runtime &R) {
  if (R.Name.empty())
    return createStringError(inconvertibleErrorCode(), "%s: runtime without a name",
                             R.Origin.c_str());
  struct Range {
    const Sourced *S;
    const char *Field;
    double Max;
  };
  const Range Ranges[] = {{&R.HostOpUs, "host_op_us", 1e6},
                          {&R.HostInferenceUs, "host_inference_us", 1e9},
                          {&R.ConvKernels, "conv_kernels", 1e3},
                          {&R.ConvHostOps, "conv_host_ops", 1e3},
                          {&R.RecurrentKernelsPerStep, "recurrent_kernels_per_step", 1e3},
                          {&R.TrainKernelsPerWeight, "train_kernels_per_weight", 1e3},
                          {&R.BackwardHostOpUs, "backward_host_op_us", 1e6},
                          {&R.TrainStepHostUs, "train_step_host_us", 1e9}};
  for (const Range &F : Ranges) {
    if (!F.S->Present)
      return runtimeError(R, Twine("'") + F.Field + "' is required");
    double V = F.S->Value;
    if (!std::isfinite(V) || V < 0 || V > F.Max)
      return runtimeError(R, Twine("'") + F.Field + "' must be a finite number >= 0 and <= " +
                                 Twine(int64_t(F.Max)) + ", not " + std::to_string(V));
  }
  for (const std::string *P : {&R.Fp32Conv, &R.Fp32Matmul})
    if (*P != "fp32" && *P != "tf32")
      return runtimeError(R, "fp32_default must say fp32 or tf32, not '" + printable(*P, 32) + "'");
  static const char *const Precisions[] = {"fp64", "fp32", "tf32", "fp16", "bf16", "fp8", "int8"};
  for (const std::string &P : R.PersistentRecurrentPrecisions)
    if (!is_contained(Precisions, StringRef(P)))
      return runtimeError(R, "unknown precision '" + printable(P, 32) +
                                 "' in persistent_recurrent (known: " +
                                 join(std::begin(Precisions), std::end(Precisions), ", ") + ")");
  for (const std::string &F : R.Fusions)
    if (!is_contained(FusionNames, StringRef(F)))
      return runtimeError(R, "unknown fusion pattern '" + printable(F, 64) + "' (known: " +
                                 join(std::begin(FusionNames), std::end(FusionNames), ", ") + ")");
  return Error::success();
}

} // namespace

Expected<Runtime> parseRuntime(StringRef Yaml, StringRef Origin, const Runtime *Base) {
  RuntimeFile F;
  if (Base)
    F.R = *Base;
  if (Error E = readYaml(Yaml, Origin, "runtime", F))
    return std::move(E);
  F.R.Origin = Origin.str();
  if (F.Fp32) {
    F.R.Fp32Conv = F.Fp32->Conv;
    F.R.Fp32Matmul = F.Fp32->Matmul;
    F.R.Fp32Source = F.Fp32->Source;
  }
  if (F.CappedConvolutions) {
    F.R.CappedConvolutions = F.CappedConvolutions->Value;
    F.R.CappedConvolutionsSource = F.CappedConvolutions->Source;
  }
  if (F.Fusions) {
    F.R.Fusions = F.Fusions->Patterns;
    F.R.FusionSource = F.Fusions->Source;
  }
  if (F.PersistentRecurrent) {
    F.R.PersistentRecurrentPrecisions = F.PersistentRecurrent->Precisions;
    F.R.PersistentRecurrentSource = F.PersistentRecurrent->Source;
  }
  if (Error E = checkRuntime(F.R))
    return std::move(E);
  return F.R;
}

/// The built-in runtime file F, parsed.
static Expected<Runtime> builtinRuntime(const BuiltinFile &F) {
  return parseRuntime(F.Yaml, std::string("built-in cost/runtimes/") + F.Name + ".yaml", nullptr);
}

Expected<std::vector<Runtime>> builtinRuntimes() {
  std::vector<Runtime> Out;
  for (const BuiltinFile &F : BuiltinRuntimeFiles) {
    if (!F.Name)
      break;
    Expected<Runtime> R = builtinRuntime(F);
    if (!R)
      return R.takeError();
    Out.push_back(std::move(*R));
  }
  return Out;
}

std::vector<std::string> builtinRuntimeNames() { return builtinFileNames(BuiltinRuntimeFiles); }

Expected<Runtime> resolveRuntime(StringRef Name, StringRef RuntimeFile) {
  // Only the one asked for is parsed (once per target resolved).
  auto Builtin = [](StringRef N) {
    return parseBuiltinFile<Runtime>(BuiltinRuntimeFiles, N, builtinRuntime);
  };
  std::vector<std::string> Names = builtinRuntimeNames();
  if (Name.empty() && RuntimeFile.empty())
    Name = DefaultRuntime;
  if (!RuntimeFile.empty()) {
    Expected<std::unique_ptr<MemoryBuffer>> Buf = readYamlDataFile(RuntimeFile);
    if (!Buf)
      return Buf.takeError();
    // The file names the runtime it defines or overrides; without a name it
    // overrides the one asked for (or the default).
    ::RuntimeFile Probe;
    yaml::Input In((*Buf)->getBuffer(), nullptr, [](const SMDiagnostic &, void *) {});
    In >> Probe;
    std::string FileName = !Probe.R.Name.empty() ? Probe.R.Name
                           : Name.empty()        ? std::string(DefaultRuntime)
                                                 : Name.str();
    Expected<std::optional<Runtime>> FileBase = Builtin(FileName);
    if (!FileBase)
      return FileBase.takeError();
    const Runtime *FB = *FileBase ? &**FileBase : nullptr;
    Runtime Named;
    Named.Name = FileName;
    Expected<Runtime> R = parseRuntime((*Buf)->getBuffer(), RuntimeFile, FB ? FB : &Named);
    if (!R)
      return R.takeError();
    R->Name = FB ? FB->Name : FileName;
    if (Name.empty() || StringRef(R->Name).equals_insensitive(Name))
      return R;
    if (!FB)
      Names.push_back(R->Name);
  }
  Expected<std::optional<Runtime>> Base = Builtin(Name);
  if (!Base)
    return Base.takeError();
  if (*Base)
    return std::move(**Base);
  std::string Hint = suggestId(Name, Names);
  if (Hint.empty())
    Hint = "known: " + join(Names, ", ");
  return createStringError(inconvertibleErrorCode(), "unknown runtime '%s' (%s)",
                           printable(Name, 64).c_str(), Hint.c_str());
}

} // namespace wattlint
