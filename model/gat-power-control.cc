/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "gat-power-control.h"

#include "cell-free-gat-graph.h"
#include "cell-free-gat-model.h"
#include "cell-free-spectral-efficiency.h"

#include "ns3/integer.h"
#include "ns3/log.h"
#include "ns3/string.h"

#include <cstdlib>

#ifndef CELL_FREE_GAT_DATA_DIR
#define CELL_FREE_GAT_DATA_DIR "data"
#endif

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("GatPowerControl");

NS_OBJECT_ENSURE_REGISTERED(GatPowerControl);

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
            .AddAttribute("Threads",
                          "LibTorch threads (a process-wide setting) used while reading the "
                          "model; inference itself is a single-threaded Eigen pass.",
                          IntegerValue(1),
                          MakeIntegerAccessor(&GatPowerControl::m_threads),
                          MakeIntegerChecker<int>(1));
    return tid;
}

GatPowerControl::GatPowerControl()
    : m_threads(1)
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
    return std::string(CELL_FREE_GAT_DATA_DIR) + "/cell-free-gat-default.pt";
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
    m_model.reset();
    m_loadError.clear();
}

bool
GatPowerControl::LoadModel(std::string& error)
{
    NS_LOG_FUNCTION(this);
    if (!m_model && m_loadError.empty())
    {
        m_model = CellFreeGatModel::Load(GetModelFile(), m_loadError);
    }
    error = m_loadError;
    return m_model != nullptr;
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
    CellFreeGatModel::SetThreads(m_threads);
    const CellFreeGatGraph graph = BuildCellFreeGatGraph(scenario, estimates);
    const Eigen::MatrixXd mu = m_model->InferAmplitudes(graph);
    // eta = mu^2 / gamma in double; a pair whose estimate vanished gets no power.
    result.eta =
        (estimates.gamma.array() > 0.0).select(mu.cwiseAbs2().cwiseQuotient(estimates.gamma), 0.0);
    return result;
}

} // namespace ns3
