/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The only translation unit of the module that includes LibTorch (it costs ~17 s and 1 GB to
// compile); everything else sees the Torch-free interface of cell-free-gat-model.h.

#include "cell-free-gat-model.h"

#include "cell-free-gat-inference.h"

#include "ns3/abort.h"
#include "ns3/log.h"

#include <cmath>
#include <fstream>
#include <map>
#include <mutex>
#include <torch/torch.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CellFreeGatModel");

namespace
{

/// Attention scores are clamped before exp: the softmax needs no max subtraction (one op less)
/// and no sum over a pair's neighbours can overflow in float.
constexpr double kScoreClamp = 20.0;

/// One attention layer (see CellFreeGatModel). Tensors are [B, K, M, *] (UE-major nodes).
struct GatLayerImpl : torch::nn::Module
{
    GatLayerImpl(int width, int heads)
        : m_width(width),
          m_heads(heads),
          m_norm(
              register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({width})))),
          m_project(register_module("project", torch::nn::Linear(width, 2 * heads + 2 * width))),
          m_outAp(register_module("outAp", torch::nn::Linear(width, width))),
          m_outUe(register_module(
              "outUe",
              torch::nn::Linear(torch::nn::LinearOptions(width, width).bias(false)))),
          m_pilotBias(register_parameter("pilotBias", torch::zeros({heads})))
    {
    }

    /**
     * \param h node states [B, K, M, d]
     * \param pilot one-hot pilot groups [B, K, G]
     * \param nodeMask [B, K, M, 1] (1 for real, served pairs), or undefined when every pair is
     * \return the new node states
     */
    torch::Tensor forward(const torch::Tensor& h,
                          const torch::Tensor& pilot,
                          const torch::Tensor& nodeMask)
    {
        const int64_t B = h.size(0);
        const int64_t K = h.size(1);
        const int64_t M = h.size(2);
        const int64_t d = m_width;
        const int64_t H = m_heads;
        const int64_t dh = d / H;
        const torch::Tensor z = m_project(m_norm(h));
        torch::Tensor w = z.narrow(3, 0, 2 * H).clamp(-kScoreClamp, kScoreClamp).exp();
        if (nodeMask.defined())
        {
            w = w * nodeMask;
        }
        const torch::Tensor wAp = w.narrow(3, 0, H);
        const torch::Tensor wUe = w.narrow(3, H, H);
        const torch::Tensor vAp = z.narrow(3, 2 * H, d).reshape({B, K, M, H, dh});
        const torch::Tensor vUe = z.narrow(3, 2 * H + d, d).reshape({B, K, M, H, dh});

        // AP-type: numerators and denominators side by side, [B, K, M, d + H].
        const torch::Tensor apTerms =
            torch::cat({(vAp * wAp.unsqueeze(4)).reshape({B, K, M, d}), wAp}, 3);
        const torch::Tensor apAll = apTerms.sum(1, true);
        const torch::Tensor perGroup =
            torch::bmm(pilot.transpose(1, 2), apTerms.reshape({B, K, M * (d + H)}));
        const torch::Tensor sameGroup = torch::bmm(pilot, perGroup).reshape({B, K, M, d + H});
        const torch::Tensor factor = torch::expm1(m_pilotBias);
        const torch::Tensor apTotal =
            apAll + sameGroup * torch::cat({factor.repeat_interleave(dh), factor});
        // + 1e-30: with serving clusters an AP may serve nobody (its pairs are masked).
        const torch::Tensor apAggregate = (apTotal.narrow(3, 0, d).reshape({B, K, M, H, dh}) /
                                           (apTotal.narrow(3, d, H).unsqueeze(4) + 1e-30))
                                              .reshape({B, K, M, d});

        // UE-type: [B, K, 1, d + H].
        const torch::Tensor ueTerms =
            torch::cat({(vUe * wUe.unsqueeze(4)).reshape({B, K, M, d}), wUe}, 3).sum(2, true);
        const torch::Tensor ueAggregate = (ueTerms.narrow(3, 0, d).reshape({B, K, 1, H, dh}) /
                                           (ueTerms.narrow(3, d, H).unsqueeze(4) + 1e-30))
                                              .reshape({B, K, 1, d});
        return h + torch::gelu(m_outAp(apAggregate) + m_outUe(ueAggregate));
    }

    int m_width;                 //!< d
    int m_heads;                 //!< H
    torch::nn::LayerNorm m_norm; //!< pre-normalisation
    torch::nn::Linear m_project; //!< fused scores and values of both aggregations
    torch::nn::Linear m_outAp;   //!< AP-type aggregate back to d
    torch::nn::Linear m_outUe;   //!< UE-type aggregate back to d
    torch::Tensor m_pilotBias;   //!< b_h, attention bias between pairs sharing a pilot
};

TORCH_MODULE(GatLayer);

/// The whole network: embedding, layers, feasible output head.
struct GatNetImpl : torch::nn::Module
{
    explicit GatNetImpl(const CellFreeGatArchitecture& a)
        : m_embed(
              register_module("embed", torch::nn::Linear(CellFreeGatGraph::kNumFeatures, a.width))),
          m_score(register_module("score", torch::nn::Linear(a.width, 1))),
          m_usage(register_module("usage", torch::nn::Linear(a.width, 1))),
          m_mean(register_buffer("featureMean", torch::zeros({CellFreeGatGraph::kNumFeatures}))),
          m_invStd(register_buffer("featureInvStd", torch::ones({CellFreeGatGraph::kNumFeatures})))
    {
        for (int l = 0; l < a.layers; ++l)
        {
            m_layers.push_back(
                register_module("layer" + std::to_string(l), GatLayer(a.width, a.heads)));
        }
        torch::NoGradGuard noGrad;
        // Start at EPA (o = 0) with almost full power: what the training improves on.
        m_score->weight.mul_(0.1);
        m_score->bias.zero_();
        m_usage->weight.mul_(0.1);
        m_usage->bias.fill_(3.0);
    }

    /**
     * \param features raw features [B, K, M, F]
     * \param pilot one-hot pilot groups [B, K, G]
     * \param ueMask [B, K] (1 for real UEs) or undefined
     * \param numAntennas N per batch item [B]
     * \param pairMask [B, K, M] (1 for served pairs) or undefined (every pair is served)
     * \return amplitudes mu [B, K, M], 0 outside the masks
     */
    torch::Tensor forward(const torch::Tensor& features,
                          const torch::Tensor& pilot,
                          const torch::Tensor& ueMask,
                          const torch::Tensor& numAntennas,
                          const torch::Tensor& pairMask = torch::Tensor())
    {
        const int64_t B = features.size(0);
        const int64_t K = features.size(1);
        torch::Tensor nodeMask;
        if (ueMask.defined())
        {
            nodeMask = ueMask.view({B, K, 1, 1});
        }
        if (pairMask.defined())
        {
            // Serving clusters: the graph's nodes are the served pairs (doc/cell-free.rst "The
            // GAT"), the others take no part in any sum and get no power.
            nodeMask =
                nodeMask.defined() ? nodeMask * pairMask.unsqueeze(3) : pairMask.unsqueeze(3);
        }
        torch::Tensor h = m_embed((features - m_mean) * m_invStd);
        for (auto& layer : m_layers)
        {
            h = layer->forward(h, pilot, nodeMask);
        }
        // Scores relative to EPA: s = sqrt(gamma share) exp(o); feature 5 is log(gamma share).
        torch::Tensor logit = m_score(h).squeeze(3) + 0.5 * features.select(3, 5);
        torch::Tensor pooled;
        if (pairMask.defined())
        {
            // Per AP over the UEs it serves; an AP serving nobody gives 0 (not 0 / 0).
            const torch::Tensor mask = nodeMask.squeeze(3);
            logit = logit.masked_fill(mask == 0, -1e4);
            pooled = (h * nodeMask).sum(1) / mask.sum(1).clamp_min(1.0).unsqueeze(2);
            const torch::Tensor s = (logit - std::get<0>(logit.max(1, true))).exp() * mask;
            const torch::Tensor usage = torch::sigmoid(m_usage(pooled)).view({B, 1, -1});
            return s * (usage / (s.square().sum(1, true).sqrt().clamp_min(1e-30) *
                                 numAntennas.sqrt().view({B, 1, 1})));
        }
        if (ueMask.defined())
        {
            logit = logit.masked_fill(nodeMask.squeeze(3) == 0, -1e4);
            pooled = (h * nodeMask).sum(1) / ueMask.sum(1).clamp_min(1.0).view({B, 1, 1});
        }
        else
        {
            pooled = h.mean(1);
        }
        const torch::Tensor s = (logit - std::get<0>(logit.max(1, true))).exp();
        const torch::Tensor usage = torch::sigmoid(m_usage(pooled)).view({B, 1, -1});
        return s * (usage / (s.square().sum(1, true).sqrt() * numAntennas.sqrt().view({B, 1, 1})));
    }

    torch::nn::Linear m_embed;      //!< features to width d
    std::vector<GatLayer> m_layers; //!< attention layers
    torch::nn::Linear m_score;      //!< per-pair output logit o
    torch::nn::Linear m_usage;      //!< per-AP usage logit
    torch::Tensor m_mean;           //!< feature mean
    torch::Tensor m_invStd;         //!< 1 / feature std
};

TORCH_MODULE(GatNet);

/// Wrap a vector of floats as a tensor of the given shape (copying).
torch::Tensor
FromVector(const std::vector<float>& values, torch::IntArrayRef shape)
{
    return torch::from_blob(const_cast<float*>(values.data()), shape, torch::kFloat32).clone();
}

/// A padded batch of graphs.
struct Batch
{
    torch::Tensor features;      //!< [B, K, M, F]
    torch::Tensor pilot;         //!< [B, K, G]
    torch::Tensor mask;          //!< [B, K]
    torch::Tensor pairMask;      //!< [B, K, M] served pairs, undefined when every pair is
    torch::Tensor numAntennas;   //!< [B]
    torch::Tensor preLog;        //!< [B]
    torch::Tensor signalGain;    //!< [B, K, M]
    torch::Tensor coherentGain;  //!< [B, K, M]
    torch::Tensor estimateRatio; //!< [B, K, M]
    torch::Tensor noiseGain;     //!< [B, K, M]
    torch::Tensor seScale;       //!< [B] 1 / mean EPA SE
};

/// Pad and stack graphs (UEs and APs padded with zeros, masked).
Batch
MakeBatch(const std::vector<CellFreeGatGraph>& graphs, bool withLoss)
{
    const int64_t B = graphs.size();
    int64_t K = 1;
    int64_t M = 1;
    int64_t G = 1;
    for (const auto& g : graphs)
    {
        K = std::max<int64_t>(K, g.numUes);
        M = std::max<int64_t>(M, g.numAps);
        G = std::max<int64_t>(G, g.numGroups);
    }
    constexpr int F = CellFreeGatGraph::kNumFeatures;
    NS_ABORT_MSG_IF(graphs.empty(), "CellFreeGatTrainer: empty batch");
    for (const auto& g : graphs)
    {
        NS_ABORT_MSG_IF(g.numAps != M, "CellFreeGatTrainer: a batch needs one M");
        NS_ABORT_MSG_IF(withLoss && g.signalGain.size() != g.features.size() / F,
                        "CellFreeGatTrainer: graphs need withLossTerms");
    }
    Batch b;
    b.features = torch::zeros({B, K, M, F});
    b.pilot = torch::zeros({B, K, G});
    b.mask = torch::zeros({B, K});
    b.numAntennas = torch::zeros({B});
    b.preLog = torch::zeros({B});
    if (withLoss)
    {
        b.signalGain = torch::zeros({B, K, M});
        b.coherentGain = torch::zeros({B, K, M});
        b.estimateRatio = torch::zeros({B, K, M});
        b.noiseGain = torch::zeros({B, K, M});
        b.seScale = torch::ones({B});
    }
    for (int64_t i = 0; i < B; ++i)
    {
        const auto& g = graphs[i];
        const int64_t k = g.numUes;
        b.features[i].narrow(0, 0, k).copy_(FromVector(g.features, {k, M, F}));
        for (int64_t u = 0; u < k; ++u)
        {
            b.pilot[i][u][g.group[u]] = 1.0;
        }
        b.mask[i].narrow(0, 0, k).fill_(1.0);
        if (!g.pairMask.empty())
        {
            if (!b.pairMask.defined())
            {
                b.pairMask = torch::ones({B, K, M});
            }
            b.pairMask[i].narrow(0, 0, k).copy_(FromVector(g.pairMask, {k, M}));
        }
        b.numAntennas[i] = g.numAntennas;
        b.preLog[i] = g.preLogFactor;
        if (withLoss)
        {
            b.signalGain[i].narrow(0, 0, k).copy_(FromVector(g.signalGain, {k, M}));
            b.coherentGain[i].narrow(0, 0, k).copy_(FromVector(g.coherentGain, {k, M}));
            b.estimateRatio[i].narrow(0, 0, k).copy_(FromVector(g.estimateRatio, {k, M}));
            b.noiseGain[i].narrow(0, 0, k).copy_(FromVector(g.noiseGain, {k, M}));
            b.seScale[i] = g.seScale;
        }
    }
    return b;
}

/// 1 where two distinct UEs share a pilot, else 0; [B, K, K].
torch::Tensor
PilotSharing(const Batch& b, int64_t numUes)
{
    return torch::bmm(b.pilot, b.pilot.transpose(1, 2)) * (1.0 - torch::eye(numUes)).unsqueeze(0);
}

/// The SE of every UE (doc/cell-free.rst), in the scaled float form of CellFreeGatGraph; [B, K].
torch::Tensor
SpectralEfficiency(const Batch& b, const torch::Tensor& mu)
{
    const torch::Tensor signal = (b.signalGain * mu).sum(2).square();
    const torch::Tensor amplitude =
        torch::bmm(b.coherentGain, (b.estimateRatio * mu).transpose(1, 2)); // [B, K, K']
    const torch::Tensor sharing = PilotSharing(b, mu.size(1));
    const torch::Tensor coherent = (amplitude.square() * sharing).sum(2);
    const torch::Tensor apPower = mu.square().sum(1); // [B, M]
    const torch::Tensor nonCoherent = torch::bmm(b.noiseGain, apPower.unsqueeze(2)).squeeze(2);
    const torch::Tensor sinr = signal / (coherent + nonCoherent + 1.0);
    return b.preLog.view({-1, 1}) * torch::log1p(sinr) / std::log(2.0);
}

/**
 * The SE after max-min SINR balancing at the network's directions (doc/cell-free.rst "Power
 * control"): the fixed point of CellFreeLinkModel::BalancedAmplitudes, unrolled for a fixed
 * number of iterations so that the loss is differentiable in the directions. Each UE keeps its
 * direction v_k = mu_k / ||mu_k||; its power q_k becomes its interference plus noise over its
 * gain, and all powers are scaled so that the most loaded AP uses its whole budget; [B, K].
 * The start, the network's powers ||mu_k||^2, is scaled to the budget first, where
 * BalancedAmplitudes applies the first step to them unscaled: the noise term makes the two
 * differ in the early iterates (when the network leaves budget unused) and agree at the fixed
 * point.
 */
torch::Tensor
BalancedSpectralEfficiency(const Batch& b, const torch::Tensor& mu, int iterations)
{
    const torch::Tensor power = mu.square().sum(2); // [B, K]
    // Where a UE has no power (padding) every root and quotient is taken of 1 instead and masked,
    // so that no infinite derivative meets a zero one.
    const torch::Tensor powered = power > 0.0;
    const torch::Tensor v =
        mu * torch::where(powered, power, torch::ones_like(power)).rsqrt().unsqueeze(2);
    const torch::Tensor gain = (b.signalGain * v).sum(2).square(); // [B, K]
    const torch::Tensor sharing = PilotSharing(b, mu.size(1));
    // Coherent interference per unit power of each co-pilot UE, and each UE's per-AP power.
    const torch::Tensor coherent =
        torch::bmm(b.coherentGain, (b.estimateRatio * v).transpose(1, 2)).square() * sharing;
    const torch::Tensor vSquared = v.square(); // [B, K, M]
    // A UE without gain (padding, or a network output that underflowed to zero at all its APs)
    // gets no power, as in BalancedAmplitudes; its quotient is taken of 1 and masked.
    const torch::Tensor usable = (b.mask > 0.5).logical_and(gain > 0.0);
    const torch::Tensor safeGain = torch::where(usable, gain, torch::ones_like(gain));
    auto normalise = [&](const torch::Tensor& q) {
        const torch::Tensor apPower =
            torch::bmm(vSquared.transpose(1, 2), q.unsqueeze(2)); // [B, M, 1]
        const torch::Tensor share = b.numAntennas.view({-1, 1}) * apPower.squeeze(2).amax(1, true);
        return std::make_pair(q / share.clamp_min(1e-30),
                              apPower / share.clamp_min(1e-30).unsqueeze(2));
    };
    auto [q, apPower] = normalise(power * b.mask);
    for (int i = 0; i < iterations; ++i)
    {
        const torch::Tensor denominator = torch::bmm(coherent, q.unsqueeze(2)).squeeze(2) +
                                          torch::bmm(b.noiseGain, apPower).squeeze(2) + 1.0;
        std::tie(q, apPower) =
            normalise(torch::where(usable, denominator / safeGain, torch::zeros_like(q)));
    }
    const torch::Tensor amplitude =
        torch::where(q > 0.0, q, torch::ones_like(q)).sqrt() * (q > 0.0).to(q.dtype());
    return SpectralEfficiency(b, amplitude.unsqueeze(2) * v);
}

/// M x K amplitudes as the [1, K, M] tensor of a one-graph batch.
torch::Tensor
AmplitudeTensor(const CellFreeGatGraph& graph, const Eigen::MatrixXd& mu)
{
    const int64_t K = graph.numUes;
    const int64_t M = graph.numAps;
    // mu is column-major M x K: its memory is K rows of M, the [K, M] layout.
    const Eigen::MatrixXf single = mu.cast<float>();
    return torch::from_blob(const_cast<float*>(single.data()), {1, K, M}, torch::kFloat32).clone();
}

/// The SEs of a one-graph batch's UEs ([1, K]) as a vector.
Eigen::VectorXd
SeOfOneGraph(const torch::Tensor& se)
{
    const torch::Tensor values = se[0].to(torch::kFloat64).contiguous();
    return Eigen::Map<const Eigen::VectorXd>(values.data_ptr<double>(), values.size(0));
}

/// Minus the mean utility of a batch.
torch::Tensor
LossOf(const Batch& b, const torch::Tensor& se, CellFreeUtility utility, double smoothing)
{
    torch::Tensor perScenario;
    const torch::Tensor count = b.mask.sum(1);
    // SE in units of the scenario's mean EPA SE: every scenario weighs the same whatever its
    // scale (a 1 km^2 ngo2017 drop next to a dense one), and t is a relative smoothing.
    const torch::Tensor scaled = se * b.seScale.view({-1, 1});
    switch (utility)
    {
    case CellFreeUtility::MIN_SE: {
        const torch::Tensor masked = scaled + (1.0 - b.mask) * 1e3;
        perScenario = -torch::logsumexp(-smoothing * masked, 1) / smoothing;
        break;
    }
    case CellFreeUtility::SUM_SE:
        perScenario = (scaled * b.mask).sum(1) / count;
        break;
    case CellFreeUtility::PROPORTIONAL_FAIRNESS:
        perScenario = (torch::log(se + 1e-6) * b.mask).sum(1) / count;
        break;
    }
    return -perScenario.mean();
}

/// The network's tensors by their model-file names (parameters, not the normalisation buffers).
std::vector<std::pair<std::string, torch::Tensor>>
NamedTensors(GatNet& net)
{
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const auto& p : net->named_parameters())
    {
        tensors.emplace_back(p.key(), p.value());
    }
    return tensors;
}

std::once_flag g_interOpOnce; //!< inter-op threads may be set once per process

} // namespace

struct CellFreeGatModel::Impl
{
    CellFreeGatMetadata metadata; //!< metadata
    GatNet net{nullptr};          //!< the network
    CellFreeGatWeights weights;   //!< its weights for the Eigen forward pass
    bool weightsCurrent{false};   //!< weights match net (cleared by every training step)
};

CellFreeGatModel::CellFreeGatModel(const CellFreeGatArchitecture& architecture, uint64_t seed)
    : m_impl(std::make_unique<Impl>())
{
    NS_LOG_FUNCTION(this << architecture.width << architecture.heads << architecture.layers);
    NS_ABORT_MSG_UNLESS(architecture.Check().empty(), "CellFreeGatModel: " << architecture.Check());
    torch::manual_seed(seed);
    m_impl->net = GatNet(architecture);
    // The Torch module and the file format name the same tensors (a programming error if not).
    std::map<std::string, std::vector<int64_t>> expected;
    for (const auto& [name, shape] : CellFreeGatModelFile::ExpectedShapes(architecture))
    {
        expected[name] = shape;
    }
    std::map<std::string, std::vector<int64_t>> actual;
    for (const auto& [name, tensor] : NamedTensors(m_impl->net))
    {
        actual[name] = tensor.sizes().vec();
    }
    NS_ABORT_MSG_UNLESS(expected == actual,
                        "CellFreeGatModel: the network and the model-file format disagree");
    m_impl->metadata.formatVersion = CellFreeGatModelFile::kFormatVersion;
    m_impl->metadata.architecture = architecture;
    m_impl->metadata.featureMean.assign(CellFreeGatGraph::kNumFeatures, 0.0);
    m_impl->metadata.featureStd.assign(CellFreeGatGraph::kNumFeatures, 1.0);
    m_impl->metadata.seed = seed;
}

CellFreeGatModel::~CellFreeGatModel() = default;

std::unique_ptr<CellFreeGatModel>
CellFreeGatModel::FromModelFile(const CellFreeGatModelFile& file)
{
    NS_LOG_FUNCTION(&file);
    NS_ABORT_MSG_UNLESS(file.Check().empty(), "CellFreeGatModel: " << file.Check());
    auto model = std::make_unique<CellFreeGatModel>(file.metadata.architecture, file.metadata.seed);
    torch::NoGradGuard noGrad;
    for (auto& [name, tensor] : NamedTensors(model->m_impl->net))
    {
        const CellFreeGatTensor& stored = file.parameters.at(name);
        // Shapes and counts were checked against the architecture: the copy stays in bounds.
        tensor.copy_(torch::from_blob(const_cast<float*>(stored.values.data()),
                                      stored.shape,
                                      torch::kFloat32));
    }
    model->SetFeatureNormalisation(file.metadata.featureMean, file.metadata.featureStd);
    model->m_impl->metadata = file.metadata;
    return model;
}

CellFreeGatModelFile
CellFreeGatModel::ToModelFile() const
{
    torch::NoGradGuard noGrad;
    CellFreeGatModelFile file;
    file.metadata = m_impl->metadata;
    file.metadata.formatVersion = CellFreeGatModelFile::kFormatVersion;
    for (const auto& [name, tensor] : NamedTensors(m_impl->net))
    {
        const torch::Tensor t = tensor.detach().to(torch::kFloat32).contiguous();
        CellFreeGatTensor stored;
        stored.shape = t.sizes().vec();
        stored.values.assign(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
        file.parameters[name] = std::move(stored);
    }
    return file;
}

std::unique_ptr<CellFreeGatModel>
CellFreeGatModel::Load(const std::string& path, std::string& error)
{
    NS_LOG_FUNCTION(path);
    CellFreeGatModelFile file;
    if (!CellFreeGatModelFile::Read(path, file, error))
    {
        return nullptr;
    }
    return FromModelFile(file);
}

bool
CellFreeGatModel::Save(const std::string& path, std::string& error) const
{
    NS_LOG_FUNCTION(this << path);
    return ToModelFile().Write(path, error);
}

const CellFreeGatMetadata&
CellFreeGatModel::GetMetadata() const
{
    return m_impl->metadata;
}

CellFreeGatMetadata&
CellFreeGatModel::GetMetadata()
{
    return m_impl->metadata;
}

void
CellFreeGatModel::SetFeatureNormalisation(const std::vector<double>& mean,
                                          const std::vector<double>& std)
{
    NS_ABORT_MSG_UNLESS(mean.size() == CellFreeGatGraph::kNumFeatures &&
                            std.size() == CellFreeGatGraph::kNumFeatures,
                        "CellFreeGatModel: normalisation of the wrong size");
    torch::NoGradGuard noGrad;
    for (int f = 0; f < CellFreeGatGraph::kNumFeatures; ++f)
    {
        m_impl->net->m_mean[f] = mean[f];
        m_impl->net->m_invStd[f] = 1.0 / std::max(std[f], 1e-6);
    }
    m_impl->metadata.featureMean = mean;
    m_impl->metadata.featureStd = std;
    m_impl->weightsCurrent = false;
}

Eigen::MatrixXd
CellFreeGatModel::InferAmplitudes(const CellFreeGatGraph& graph) const
{
    NS_LOG_FUNCTION(this << graph.numAps << graph.numUes);
    if (!m_impl->weightsCurrent)
    {
        m_impl->weights = MakeCellFreeGatWeights(ToModelFile());
        m_impl->weightsCurrent = true;
    }
    return CellFreeGatForward(m_impl->weights, graph);
}

Eigen::MatrixXd
CellFreeGatModel::InferAmplitudesWithTorch(const CellFreeGatGraph& graph) const
{
    NS_LOG_FUNCTION(this << graph.numAps << graph.numUes);
    const int64_t K = graph.numUes;
    const int64_t M = graph.numAps;
    Eigen::MatrixXd mu(M, K);
    if (K == 0 || M == 0)
    {
        return mu;
    }
    c10::InferenceMode guard;
    const torch::Tensor features = torch::from_blob(const_cast<float*>(graph.features.data()),
                                                    {1, K, M, CellFreeGatGraph::kNumFeatures},
                                                    torch::kFloat32);
    torch::Tensor pilot = torch::zeros({1, K, graph.numGroups});
    float* p = pilot.data_ptr<float>();
    for (int64_t k = 0; k < K; ++k)
    {
        p[k * graph.numGroups + graph.group[k]] = 1.0F;
    }
    NS_ABORT_MSG_IF(!graph.pairAp.empty(),
                    "InferAmplitudesWithTorch: give the training form of a graph with serving "
                    "clusters (BuildCellFreeGatGraph with loss terms: every pair, pairMask)");
    const torch::Tensor antennas = torch::full({1}, double(graph.numAntennas));
    torch::Tensor pairMask;
    if (!graph.pairMask.empty())
    {
        pairMask =
            torch::from_blob(const_cast<float*>(graph.pairMask.data()), {1, K, M}, torch::kFloat32);
    }
    const torch::Tensor out =
        m_impl->net->forward(features, pilot, torch::Tensor(), antennas, pairMask).contiguous();
    const float* o = out.data_ptr<float>();
    // Renormalise per AP in double, so that the budget holds to double rounding.
    const double limit = 1.0 / std::sqrt(double(graph.numAntennas));
    for (int64_t k = 0; k < K; ++k)
    {
        for (int64_t m = 0; m < M; ++m)
        {
            mu(m, k) = std::isfinite(o[k * M + m]) ? std::max(0.0, double(o[k * M + m])) : 0.0;
        }
    }
    for (int64_t m = 0; m < M; ++m)
    {
        const double norm = mu.row(m).norm();
        if (norm > limit)
        {
            mu.row(m) *= limit / norm;
        }
    }
    return mu;
}

int64_t
CellFreeGatModel::NumParameters() const
{
    int64_t count = 0;
    for (const auto& parameter : m_impl->net->parameters())
    {
        count += parameter.numel();
    }
    return count;
}

void
CellFreeGatModel::SetThreads(int threads)
{
    NS_ABORT_MSG_UNLESS(threads >= 1, "CellFreeGatModel: threads must be at least 1");
    std::call_once(g_interOpOnce, [threads]() {
        try
        {
            at::set_num_interop_threads(threads);
        }
        catch (const std::exception&)
        {
            // Already fixed by an earlier Torch call: the intra-op setting below still holds.
        }
    });
    if (at::get_num_threads() != threads)
    {
        at::set_num_threads(threads);
    }
}

struct CellFreeGatTrainer::Impl
{
    CellFreeGatModel* model{nullptr};                 //!< the trained model
    std::unique_ptr<torch::optim::Adam> optimizer;    //!< Adam
    CellFreeUtility utility{CellFreeUtility::MIN_SE}; //!< utility
    double smoothing{20.0};                           //!< t
    double balancedShare{0.0};  //!< weight of the loss after balancing (SetBalancedObjective)
    int balancedIterations{20}; //!< its unrolled balancing iterations

    /// The loss of the network's amplitudes mu: its own SE's, or with the balanced objective
    /// the weighted mix of that and the SE's after balancing.
    torch::Tensor LossOf(const Batch& b, const torch::Tensor& mu) const
    {
        torch::Tensor loss;
        if (balancedShare < 1.0)
        {
            loss = (1.0 - balancedShare) *
                   ns3::LossOf(b, SpectralEfficiency(b, mu), utility, smoothing);
        }
        if (balancedShare > 0.0)
        {
            const torch::Tensor balanced =
                balancedShare * ns3::LossOf(b,
                                            BalancedSpectralEfficiency(b, mu, balancedIterations),
                                            utility,
                                            smoothing);
            loss = loss.defined() ? loss + balanced : balanced;
        }
        return loss;
    }
};

CellFreeGatTrainer::CellFreeGatTrainer(CellFreeGatModel& model,
                                       double learningRate,
                                       CellFreeUtility utility,
                                       double smoothing)
    : m_impl(std::make_unique<Impl>())
{
    NS_LOG_FUNCTION(this << learningRate << smoothing);
    m_impl->model = &model;
    m_impl->optimizer =
        std::make_unique<torch::optim::Adam>(model.m_impl->net->parameters(),
                                             torch::optim::AdamOptions(learningRate));
    m_impl->utility = utility;
    m_impl->smoothing = smoothing;
    model.GetMetadata().utility = CellFreeUtilityName(utility);
    model.GetMetadata().smoothing = smoothing;
}

CellFreeGatTrainer::~CellFreeGatTrainer() = default;

double
CellFreeGatTrainer::Step(const std::vector<CellFreeGatGraph>& batch)
{
    const Batch b = MakeBatch(batch, true);
    GatNet& net = m_impl->model->m_impl->net;
    net->train();
    const torch::Tensor mu = net->forward(b.features, b.pilot, b.mask, b.numAntennas, b.pairMask);
    const torch::Tensor loss = m_impl->LossOf(b, mu);
    m_impl->optimizer->zero_grad();
    loss.backward();
    const double norm = torch::nn::utils::clip_grad_norm_(net->parameters(), 1.0);
    const double value = loss.item<double>();
    if (std::isfinite(norm) && std::isfinite(value))
    {
        m_impl->optimizer->step();
        m_impl->model->m_impl->weightsCurrent = false;
    }
    else
    {
        // A non-finite loss or gradient (a float overflow in some scenario's SE) would make
        // every weight NaN: the step is skipped, and the run goes on with the next batch.
        NS_LOG_WARN("CellFreeGatTrainer: non-finite loss or gradient; step skipped");
    }
    ++m_impl->model->GetMetadata().steps;
    return value;
}

double
CellFreeGatTrainer::Loss(const std::vector<CellFreeGatGraph>& batch)
{
    torch::NoGradGuard noGrad;
    const Batch b = MakeBatch(batch, true);
    GatNet& net = m_impl->model->m_impl->net;
    const torch::Tensor mu = net->forward(b.features, b.pilot, b.mask, b.numAntennas, b.pairMask);
    return m_impl->LossOf(b, mu).item<double>();
}

void
CellFreeGatTrainer::SetBalancedObjective(double share, int iterations)
{
    NS_ABORT_MSG_IF(!(share >= 0.0 && share <= 1.0),
                    "CellFreeGatTrainer: the balanced share must be in [0, 1] (got " << share
                                                                                     << ")");
    NS_ABORT_MSG_IF(iterations < 1,
                    "CellFreeGatTrainer: the balancing needs at least one iteration (got "
                        << iterations << ")");
    NS_ABORT_MSG_IF(share > 0.0 && m_impl->utility != CellFreeUtility::MIN_SE,
                    "CellFreeGatTrainer: the balanced objective is max-min (utility min)");
    m_impl->balancedShare = share;
    m_impl->balancedIterations = iterations;
}

Eigen::VectorXd
CellFreeGatTrainer::ComputeBalancedSe(const CellFreeGatGraph& graph,
                                      const Eigen::MatrixXd& mu,
                                      int iterations)
{
    torch::NoGradGuard noGrad;
    const Batch b = MakeBatch({graph}, true);
    return SeOfOneGraph(BalancedSpectralEfficiency(b, AmplitudeTensor(graph, mu), iterations));
}

void
CellFreeGatTrainer::SetLearningRate(double learningRate)
{
    for (auto& group : m_impl->optimizer->param_groups())
    {
        static_cast<torch::optim::AdamOptions&>(group.options()).lr(learningRate);
    }
}

Eigen::VectorXd
CellFreeGatTrainer::ComputeSe(const CellFreeGatGraph& graph, const Eigen::MatrixXd& mu)
{
    torch::NoGradGuard noGrad;
    const Batch b = MakeBatch({graph}, true);
    return SeOfOneGraph(SpectralEfficiency(b, AmplitudeTensor(graph, mu)));
}

bool
CellFreeGatTrainer::SaveOptimizer(const std::string& path, std::string& error) const
{
    try
    {
        torch::save(*m_impl->optimizer, path);
        return true;
    }
    catch (const std::exception& e)
    {
        std::string what = e.what();
        error = "cannot write optimiser state '" + path + "': " + what.substr(0, what.find('\n'));
        return false;
    }
}

bool
CellFreeGatTrainer::LoadOptimizer(const std::string& path, std::string& error)
{
    if (!std::ifstream(path).good())
    {
        error = "optimiser state '" + path + "' cannot be opened";
        return false;
    }
    try
    {
        torch::load(*m_impl->optimizer, path);
        m_impl->model->m_impl->weightsCurrent = false;
        return true;
    }
    catch (const std::exception& e)
    {
        std::string what = e.what();
        error =
            "optimiser state '" + path + "' is corrupt (" + what.substr(0, what.find('\n')) + ")";
        return false;
    }
}

} // namespace ns3
