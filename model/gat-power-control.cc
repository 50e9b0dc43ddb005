/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "gat-power-control.h"

#include "cell-free-apg-solver.h"
#include "cell-free-computation-cost.h"
#include "cell-free-gat-graph.h"
#include "cell-free-link-model.h"
#include "cell-free-spectral-efficiency.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cstdlib>
#include <dlfcn.h>
#include <fstream>

#ifndef CELL_FREE_GAT_DATA_DIR
#define CELL_FREE_GAT_DATA_DIR "data"
#endif

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("GatPowerControl");

NS_OBJECT_ENSURE_REGISTERED(GatPowerControl);

namespace
{

/// The default refinement: measured on the envelope evaluation (README, "The GAT"); it stops
/// early (RefinementTolerance), after 10-30 iterations at M = 100, K = 40.
constexpr uint32_t kDefaultRefinementIterations = 60;
/// The default cap of the SINR balancing (same source): 5-10 iterations do most of its work.
constexpr uint32_t kDefaultBalancingIterations = 20;
/// The default early stop of the refinement (same source).
constexpr double kDefaultRefinementTolerance = 1e-3;

} // namespace

TypeId
GatPowerControl::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::GatPowerControl")
            .SetParent<CellFreePowerControlAlgorithm>()
            .SetGroupName("CellFree")
            .AddConstructor<GatPowerControl>()
            .AddAttribute("ModelFile",
                          "The trained model (cell-free-train-gat output); empty for the shipped "
                          "default-preset model (or $NS3_CELL_FREE_GAT_MODEL when set).",
                          StringValue(""),
                          MakeStringAccessor(&GatPowerControl::SetModelFile,
                                             &GatPowerControl::GetModelFileAttribute),
                          MakeStringChecker())
            .AddAttribute("RefinementIterations",
                          "Accelerated projected-gradient iterations of the model's utility, "
                          "warm-started from the network's output (0: the network alone).",
                          UintegerValue(kDefaultRefinementIterations),
                          MakeUintegerAccessor(&GatPowerControl::m_refinementIterations),
                          MakeUintegerChecker<uint32_t>(0, 100000))
            .AddAttribute("RefinementTolerance",
                          "The refinement stops early once its objective improved by less than "
                          "this relative amount over its last 5 iterations (0: never early).",
                          DoubleValue(kDefaultRefinementTolerance),
                          MakeDoubleAccessor(&GatPowerControl::m_refinementTolerance),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("BalancingIterations",
                          "Utility min: iterations of the max-min SINR balancing at the "
                          "network's directions (doc/cell-free.rst \"Power control\"), or at "
                          "the refinement's final ones when RefinementIterations > 0 (0: none).",
                          UintegerValue(kDefaultBalancingIterations),
                          MakeUintegerAccessor(&GatPowerControl::m_balancingIterations),
                          MakeUintegerChecker<uint32_t>(0, 100000))
            .AddAttribute("RefinementSmoothing",
                          "t of the smoothed minimum maximised by the refinement (utility min).",
                          DoubleValue(CellFreeApgOptions().smoothing),
                          MakeDoubleAccessor(&GatPowerControl::m_refinementSmoothing),
                          MakeDoubleChecker<double>(1.0, 1e4))
            .AddTraceSource("OutOfEnvelope",
                            "A scenario lies outside the envelope the model was trained on "
                            "(fired once per quantity in a row).",
                            MakeTraceSourceAccessor(&GatPowerControl::m_outOfEnvelopeTrace),
                            "ns3::GatPowerControl::OutOfEnvelopeTracedCallback");
    return tid;
}

GatPowerControl::GatPowerControl()
    : m_refinementIterations(kDefaultRefinementIterations),
      m_refinementTolerance(kDefaultRefinementTolerance),
      m_refinementSmoothing(CellFreeApgOptions().smoothing),
      m_balancingIterations(kDefaultBalancingIterations)
{
    NS_LOG_FUNCTION(this);
}

GatPowerControl::~GatPowerControl() = default;

std::string
GatPowerControl::GetName() const
{
    return "gat";
}

std::string
GatPowerControl::GetDefaultModelFile()
{
    if (const char* path = std::getenv("NS3_CELL_FREE_GAT_MODEL"); path && *path)
    {
        return path;
    }
    const std::string name = "cell-free-gat-default.json";
    // Relative to the library itself, so that a moved build tree or an installed copy finds
    // its model: PREFIX/lib[/ARCH]/libns3-cell-free.so next to PREFIX/share/ns3-cell-free/, and
    // the build tree's BUILD/libns3-cell-free.so next to BUILD/share/ns3-cell-free/.
    Dl_info info;
    if (dladdr(reinterpret_cast<void*>(&GatPowerControl::GetDefaultModelFile), &info) != 0 &&
        info.dli_fname != nullptr)
    {
        std::string dir = info.dli_fname;
        dir = dir.substr(0, dir.find_last_of('/') == std::string::npos ? 0 : dir.find_last_of('/'));
        for (const char* relative :
             {"/share/ns3-cell-free/", "/../share/ns3-cell-free/", "/../../share/ns3-cell-free/"})
        {
            const std::string candidate = (dir.empty() ? "." : dir) + relative + name;
            if (std::ifstream(candidate).good())
            {
                return candidate;
            }
        }
    }
    return std::string(CELL_FREE_GAT_DATA_DIR) + "/" + name;
}

std::string
GatPowerControl::GetModelFile() const
{
    return m_modelFile.empty() ? GetDefaultModelFile() : m_modelFile;
}

std::string
GatPowerControl::GetModelFileAttribute() const
{
    return m_modelFile;
}

void
GatPowerControl::SetModelFile(std::string path)
{
    NS_LOG_FUNCTION(this << path);
    m_modelFile = std::move(path);
    m_loaded = false;
    m_loadError.clear();
}

bool
GatPowerControl::LoadModel(std::string& error)
{
    NS_LOG_FUNCTION(this);
    if (!m_loaded && m_loadError.empty())
    {
        CellFreeGatModelFile file;
        if (CellFreeGatModelFile::Read(GetModelFile(), file, m_loadError))
        {
            m_file = std::move(file);
            m_weights = MakeCellFreeGatWeights(m_file);
            m_loaded = true;
        }
    }
    error = m_loadError;
    return m_loaded;
}

const CellFreeGatMetadata&
GatPowerControl::GetModelMetadata() const
{
    return m_file.metadata;
}

std::string
GatPowerControl::Prepare()
{
    std::string error;
    LoadModel(error);
    return error.empty() ? error : GetName() + ": " + error;
}

CellFreePowerControlResult
GatPowerControl::DoAllocate(const CellFreeScenario& scenario,
                            const CellFreeChannelEstimates& estimates)
{
    CellFreePowerControlResult result;
    std::string error;
    if (!LoadModel(error))
    {
        result.error = GetName() + ": " + error;
        return result;
    }
    // The graph first: its per-UE best gains serve the envelope check and the link model's
    // single-precision scale, which would each sweep beta (M x K) for them again.
    BuildCellFreeGatGraph(scenario, estimates, false, m_graph);
    const CellFreeGatGraph& graph = m_graph;
    const std::string violation = m_file.metadata.envelope.Violation(scenario, &graph.bestGain);
    const std::string quantity = violation.substr(0, violation.find(" = "));
    if (!violation.empty() && quantity != m_lastViolation)
    {
        NS_LOG_WARN("GAT model '" << GetModelFile() << "': " << violation
                                  << "; the allocation is feasible but may be far from optimal");
        m_outOfEnvelopeTrace(violation);
    }
    m_lastViolation = quantity;
    CellFreeUtility utility = CellFreeUtility::MIN_SE;
    ParseCellFreeUtility(m_file.metadata.utility, utility);
    const bool balanceOnly = m_refinementIterations == 0 && m_balancingIterations > 0 &&
                             utility == CellFreeUtility::MIN_SE;
    // The link model takes over for the refinement or the balancing (kept for its storage);
    // with clusters the network's amplitudes then go straight to its pairs, never through an
    // M x K matrix (costly at the city scale).
    CellFreeLinkModel* link = nullptr;
    if (balanceOnly || m_refinementIterations > 0)
    {
        link = &CellFreeLinkModel::Reuse(m_link, scenario, estimates);
    }
    const bool viaNodes = link != nullptr && !scenario.serving.empty();
    Eigen::MatrixXd mu;
    Eigen::VectorXd nodes;
    if (viaNodes)
    {
        nodes = CellFreeGatForwardNodes(m_weights, graph);
    }
    else
    {
        mu = CellFreeGatForward(m_weights, graph);
    }
    const CellFreeGatArchitecture& a = m_file.metadata.architecture;
    result.operations = CellFreeComputationCost::GatForward(scenario,
                                                            a.width,
                                                            a.heads,
                                                            a.layers,
                                                            CellFreeGatGraph::kNumFeatures);
    if (m_refinementIterations > 0)
    {
        CellFreeApgOptions options;
        options.utility = utility;
        options.smoothing = m_refinementSmoothing;
        options.maxIterations = static_cast<int>(m_refinementIterations);
        if (viaNodes)
        {
            options.initialPairs = link->FromUeMajor(nodes);
        }
        else
        {
            options.initialAmplitudes = std::move(mu);
        }
        options.warnAtCap = false;
        options.tolerance = m_refinementTolerance;
        options.toleranceWindow = 5;
        options.finalBalancing = m_balancingIterations > 0;
        options.balancingIterations =
            static_cast<int>(std::max<uint32_t>(m_balancingIterations, 1));
        const CellFreeApgResult refined = SolveApg(scenario, estimates, options, *link);
        result.eta = refined.eta;
        result.iterations = refined.iterations;
        result.objective = refined.objective;
        result.operations += CellFreeComputationCost::Apg(scenario, refined);
        return result;
    }
    if (balanceOnly)
    {
        // The network decides how each UE's power is spread over its APs; the balancing gives
        // the UEs' powers the best common SINR for that spread.
        const double largest = graph.bestGain.empty() ? 0.0
                                                      : *std::max_element(graph.bestGain.begin(),
                                                                          graph.bestGain.end());
        link->SetSinglePrecisionProducts(true,
                                         CellFreeLinkModel::kSinglePrecisionMinEntries,
                                         largest);
        Eigen::VectorXd x = viaNodes ? link->FromUeMajor(nodes) : link->ToPairs(mu);
        link->Project(x);
        int used = 0;
        x = link->BalancedAmplitudes(x, static_cast<int>(m_balancingIterations), &used);
        result.eta = link->PowerFromPairs(x);
        result.iterations = used;
        result.operations +=
            CellFreeComputationCost::Apg(scenario, 0, used, 0, link->UsesSinglePrecisionProducts());
        return result;
    }
    // eta = mu^2 / gamma in double, in place (M x K, so no second matrix); a pair whose estimate
    // vanished gets no power. With clusters only the served pairs can be non-zero.
    if (scenario.serving.empty())
    {
        mu = (estimates.gamma.array() > 0.0)
                 .select(mu.array().square() / estimates.gamma.array(), 0.0)
                 .matrix();
    }
    else
    {
        for (int k = 0; k < scenario.NumUes(); ++k)
        {
            for (const int m : scenario.serving[k])
            {
                const double gamma = estimates.gamma(m, k);
                mu(m, k) = gamma > 0.0 ? (mu(m, k) * mu(m, k)) / gamma : 0.0;
            }
        }
    }
    result.eta = std::move(mu);
    return result;
}

} // namespace ns3
