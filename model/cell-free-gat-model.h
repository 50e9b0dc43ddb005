/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CELL_FREE_GAT_MODEL_H
#define CELL_FREE_GAT_MODEL_H

#include "cell-free-gat-graph.h"
#include "cell-free-gat-model-file.h"
#include "cell-free-utility.h"

#include <Eigen/Dense>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup cell-free
 * \brief The pilot-contamination-aware graph attention network of doc/cell-free.rst "The GAT",
 * behind an interface free of Torch (pimpl), so that only one translation unit pays for
 * <torch/torch.h>.
 *
 * Nodes are the AP-UE pairs. Each layer computes per node one fused linear map to attention
 * scores and values for two aggregations:
 *  - AP-type (over the pairs (m, k') of the same AP): softmax over k' of s_k' + b_h [p(k') =
 *    p(k)], where b_h is a learned per-head bias on pairs whose UEs share a pilot. Because the
 *    score of a neighbour does not depend on the receiving node except through this pilot term,
 *    the aggregation is exact in O(M K d): a sum over all k' plus (e^b_h - 1) times a sum over
 *    the UE's pilot group.
 *  - UE-type (over the pairs (m', k) of the same UE): softmax over m' of the scores.
 * The aggregates are mapped back to width d and added through a GELU residual after a layer
 * normalisation. The output head gives per AP non-negative scores s_mk = sqrt(gamma_mk)
 * exp(o_mk) (the EPA allocation when o = 0) and a usage rho_m in (0, 1) from the mean over the
 * AP's pairs; mu_m = rho_m / sqrt(N) s_m / ||s_m||, so ||mu_m||^2 <= 1/N: every output is
 * feasible and an AP may use less than its full power. It accepts any M and K.
 */
class CellFreeGatModel
{
  public:
    /**
     * \brief A freshly initialised model.
     * \param architecture sizes
     * \param seed seed of the weight initialisation
     */
    CellFreeGatModel(const CellFreeGatArchitecture& architecture, uint64_t seed);
    ~CellFreeGatModel();
    CellFreeGatModel(const CellFreeGatModel&) = delete;
    CellFreeGatModel& operator=(const CellFreeGatModel&) = delete;

    /**
     * \brief A model with the weights of a checked model file.
     * \param file the model (CellFreeGatModelFile::Read or Check passed)
     * \return the model
     */
    static std::unique_ptr<CellFreeGatModel> FromModelFile(const CellFreeGatModelFile& file);

    /// \return the weights and metadata as a model file
    CellFreeGatModelFile ToModelFile() const;

    /**
     * \brief Read a model file (CellFreeGatModelFile::Read, every check included).
     * \param path the file
     * \param[out] error a one-line message naming the file when it cannot be used
     * \return the model, or null on error
     */
    static std::unique_ptr<CellFreeGatModel> Load(const std::string& path, std::string& error);

    /**
     * \brief Write the model file (CellFreeGatModelFile::Write: temporary file, renamed).
     * \param path the file
     * \param[out] error why it could not be written
     * \return false on error
     */
    bool Save(const std::string& path, std::string& error) const;

    /// \return the metadata (feature normalisation included)
    const CellFreeGatMetadata& GetMetadata() const;

    /// \return the metadata, for the trainer to fill
    CellFreeGatMetadata& GetMetadata();

    /**
     * \brief Set the input normalisation (also in the metadata).
     * \param mean per-feature mean
     * \param std per-feature standard deviation (positive)
     */
    void SetFeatureNormalisation(const std::vector<double>& mean, const std::vector<double>& std);

    /**
     * \brief The network's amplitudes for one graph, by the Eigen forward pass
     * (CellFreeGatForward; single-threaded, no LibTorch call once the weights are extracted).
     * \param graph BuildCellFreeGatGraph of the scenario
     * \return M x K amplitudes mu, every AP within ||mu_m||^2 <= 1/N
     */
    Eigen::MatrixXd InferAmplitudes(const CellFreeGatGraph& graph) const;

    /**
     * \brief The same forward pass in LibTorch (the training graph, in inference mode): the
     * reference that InferAmplitudes' Eigen implementation is tested against.
     * \param graph BuildCellFreeGatGraph of the scenario (with serving clusters: its training
     *        form, with loss terms, which keeps every pair and masks the unserved ones)
     * \return M x K amplitudes mu
     */
    Eigen::MatrixXd InferAmplitudesWithTorch(const CellFreeGatGraph& graph) const;

    /// \return the number of learned parameters
    int64_t NumParameters() const;

    /**
     * \brief Set LibTorch's intra-op thread count (and, on the first call in the process, the
     * inter-op count), which are process-wide.
     * \param threads at least 1
     */
    static void SetThreads(int threads);

  private:
    friend class CellFreeGatTrainer;
    struct Impl;
    std::unique_ptr<Impl> m_impl; //!< the Torch module and its metadata
};

/**
 * \ingroup cell-free
 * \brief Self-supervised training of a CellFreeGatModel: the loss is minus the utility of the SE
 * formula of doc/cell-free.rst evaluated on the network's output, differentiated end to end (Adam).
 * No optimiser labels. A batch is padded to its largest K and M with masks.
 */
class CellFreeGatTrainer
{
  public:
    /**
     * \param model the model to train (must outlive the trainer)
     * \param learningRate Adam's step size
     * \param utility the utility to maximise
     * \param smoothing t of the smoothed minimum (MIN_SE)
     */
    CellFreeGatTrainer(CellFreeGatModel& model,
                       double learningRate,
                       CellFreeUtility utility,
                       double smoothing);
    ~CellFreeGatTrainer();

    /**
     * \brief One optimiser step.
     * \param batch graphs built with withLossTerms
     * \return the loss before the step (minus the mean utility)
     */
    double Step(const std::vector<CellFreeGatGraph>& batch);

    /**
     * \brief The loss without updating.
     * \param batch graphs built with withLossTerms
     * \return minus the mean utility
     */
    double Loss(const std::vector<CellFreeGatGraph>& batch);

    /// \param learningRate the new step size
    void SetLearningRate(double learningRate);

    /**
     * \brief Score the network also after the SINR balancing that GatPowerControl runs
     * (BalancingIterations): the loss becomes (1 - share) times that of the network's own SE
     * plus share times that of the SE after `iterations` balancing steps at its directions
     * (doc/cell-free.rst "Training"). Max-min only; share 0 (the default) is the plain loss.
     * \param share the weight of the balanced loss, in [0, 1]
     * \param iterations the unrolled balancing iterations (at least 1)
     */
    void SetBalancedObjective(double share, int iterations);

    /**
     * \brief The SE of every UE by the Torch (float) implementation used in the loss, for tests.
     * \param graph a graph built with withLossTerms
     * \param mu M x K amplitudes
     * \return K SEs (bit/s/Hz)
     */
    Eigen::VectorXd ComputeSe(const CellFreeGatGraph& graph, const Eigen::MatrixXd& mu);

    /**
     * \brief The SE after the balanced objective's balancing, by the Torch implementation, for
     * tests.
     * \param graph a graph built with withLossTerms
     * \param mu M x K amplitudes (their directions are kept)
     * \param iterations balancing iterations
     * \return K SEs (bit/s/Hz)
     */
    Eigen::VectorXd ComputeBalancedSe(const CellFreeGatGraph& graph,
                                      const Eigen::MatrixXd& mu,
                                      int iterations);

    /**
     * \brief Save the optimiser state (the model is saved with CellFreeGatModel::Save).
     * \param path the file
     * \param[out] error why it failed
     * \return false on error
     */
    bool SaveOptimizer(const std::string& path, std::string& error) const;

    /**
     * \brief Restore the optimiser state.
     * \param path the file
     * \param[out] error why it failed
     * \return false on error
     */
    bool LoadOptimizer(const std::string& path, std::string& error);

  private:
    struct Impl;
    std::unique_ptr<Impl> m_impl; //!< the optimiser
};

} // namespace ns3

#endif // CELL_FREE_GAT_MODEL_H
