/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef GAT_POWER_CONTROL_H
#define GAT_POWER_CONTROL_H

#include "cell-free-gat-inference.h"
#include "cell-free-gat-model-file.h"
#include "cell-free-power-control-algorithm.h"

#include "ns3/traced-callback.h"

#include <memory>
#include <string>

namespace ns3
{

class CellFreeLinkModel;

/**
 * \ingroup cell-free
 * \brief Downlink power control by the pilot-contamination-aware graph attention network of
 * doc/cell-free.rst "The GAT" ([Zha25]): one forward pass of a trained CellFreeGatModel, whose
 * output is feasible by construction.
 *
 * The model file (CellFreeGatModelFile, read without LibTorch) is read on first use (or by
 * LoadModel); a missing, corrupt or other-version file makes every Allocate return an error
 * naming the file, never a crash. The default model is the one shipped in the module's data/
 * directory (GetDefaultModelFile). Inference is the single-threaded Eigen forward pass.
 *
 * RefinementIterations accelerated projected-gradient iterations of the utility the model was
 * trained for (SolveApg warm-started from the network's output, doc/cell-free.rst "The GAT")
 * follow the network; they never lower the smoothed utility and keep the result feasible.
 * A scenario outside the envelope the model was trained on (its metadata) is still served, and
 * logged with NS_LOG_WARN and the OutOfEnvelope trace once for each run of consecutive calls
 * outside in the same quantity.
 */
class GatPowerControl : public CellFreePowerControlAlgorithm
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    GatPowerControl();
    ~GatPowerControl() override;
    std::string GetName() const override;

    /**
     * \brief The shipped model: $NS3_CELL_FREE_GAT_MODEL when set, else
     * share/ns3-cell-free/cell-free-gat-default.json beside the library (installed, or in the
     * build tree), else data/cell-free-gat-default.json of the module's source directory.
     * \return its path
     */
    static std::string GetDefaultModelFile();

    /**
     * \brief Read the model file now (otherwise done on the first Allocate).
     * \param[out] error a message naming the file when it cannot be used
     * \return false on error
     */
    bool LoadModel(std::string& error);

    /**
     * \brief Read the model file now (CellFreeCentralProcessor::Start calls it).
     * \return an empty string, or the error naming the file
     */
    std::string Prepare() override;

    /// \return the model file in use (the default one when the attribute is empty)
    std::string GetModelFile() const;

    /**
     * TracedCallback signature for a scenario outside the model's training envelope.
     * \param [in] violation the quantity, its value and the trained range
     */
    typedef void (*OutOfEnvelopeTracedCallback)(const std::string& violation);

    /**
     * \brief The loaded model's metadata.
     * \return the metadata; valid after a successful LoadModel
     */
    const CellFreeGatMetadata& GetModelMetadata() const;

  protected:
    CellFreePowerControlResult DoAllocate(const CellFreeScenario& scenario,
                                          const CellFreeChannelEstimates& estimates) override;

  private:
    /**
     * \brief ModelFile attribute setter: forget the loaded model.
     * \param path the new file ("" for the default)
     */
    void SetModelFile(std::string path);

    /// \return the ModelFile attribute as set ("" for the default)
    std::string GetModelFileAttribute() const;

    std::string m_modelFile;         //!< ModelFile attribute
    bool m_loaded{false};            //!< m_file and m_weights hold a checked model
    CellFreeGatModelFile m_file;     //!< the loaded model (metadata and tensors)
    CellFreeGatWeights m_weights;    //!< its weights for the forward pass
    std::string m_loadError;         //!< why the last load failed
    uint32_t m_refinementIterations; //!< RefinementIterations attribute
    double m_refinementTolerance;    //!< RefinementTolerance attribute
    double m_refinementSmoothing;    //!< RefinementSmoothing attribute
    uint32_t m_balancingIterations;  //!< BalancingIterations attribute
    std::string m_lastViolation;     //!< the quantity warned about last ("" none)
    // Kept from call to call for their storage only (fresh M x K buffers are page-faulted at
    // the city scale); each call builds them anew for its problem.
    CellFreeGatGraph m_graph;                  //!< the last call's graph
    std::unique_ptr<CellFreeLinkModel> m_link; //!< the last call's link model (balancing)
    /// Fired when a scenario is outside the model's training envelope.
    TracedCallback<const std::string&> m_outOfEnvelopeTrace;
};

} // namespace ns3

#endif // GAT_POWER_CONTROL_H
