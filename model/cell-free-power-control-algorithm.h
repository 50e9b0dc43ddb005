/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CELL_FREE_POWER_CONTROL_ALGORITHM_H
#define CELL_FREE_POWER_CONTROL_ALGORITHM_H

#include "cell-free-channel-estimation.h"
#include "cell-free-scenario.h"

#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <Eigen/Dense>
#include <string>

namespace ns3
{

/**
 * \ingroup cell-free
 * \brief What a power-control algorithm returns.
 */
struct CellFreePowerControlResult
{
    Eigen::MatrixXd eta;        //!< M x K power coefficients, feasible (empty on error)
    int iterations{0};          //!< iterations of an iterative method (0 otherwise)
    double objective{0.0};      //!< the objective the method maximised (0 if none)
    bool converged{true};       //!< false when an iterative method hit its iteration cap
    double runtimeSeconds{0.0}; //!< wall-clock time of the call
    /// the call's work in reference operations (CellFreeComputationCost), a function of the
    /// problem and the iterations run only: what the Modelled latency mode uses
    double operations{0.0};
    std::string error; //!< why no allocation was made; empty on success
};

/**
 * \ingroup cell-free
 * \brief The interface of every downlink power-control algorithm.
 *
 * Input: the problem of the active UEs (scenario: beta, pilots, N, rho_d, tau_p, tau_c; and its
 * channel estimates: gamma). Output: a power matrix eta that satisfies every AP's budget
 * N sum_k eta_mk gamma_mk <= 1. Allocate() validates the input, times the call, guarantees
 * feasibility (an allocation that overshoots a budget through rounding is scaled back; one that
 * is negative or not finite is an error), and fires the Allocation trace. Subclasses implement
 * DoAllocate only.
 */
class CellFreePowerControlAlgorithm : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /**
     * TracedCallback signature for a completed allocation.
     * \param [in] algorithm the algorithm's name
     * \param [in] numUes K
     * \param [in] iterations iterations run (0 for closed-form methods)
     * \param [in] objective the objective reached
     * \param [in] runtimeSeconds wall-clock time of the call
     */
    typedef void (*AllocationTracedCallback)(const std::string& algorithm,
                                             uint32_t numUes,
                                             uint32_t iterations,
                                             double objective,
                                             double runtimeSeconds);

    /**
     * \brief Decide the power coefficients.
     * \param scenario the problem; Validate() must pass, else the result carries an error
     * \param estimates EstimateChannels(scenario)
     * \return a feasible allocation, or an error
     */
    CellFreePowerControlResult Allocate(const CellFreeScenario& scenario,
                                        const CellFreeChannelEstimates& estimates);

    /**
     * \return a short name for tables and traces, e.g. "apg-min"
     */
    virtual std::string GetName() const = 0;

    /**
     * \brief Do the one-off work (e.g. reading a model file) before the first allocation, so that
     * it is neither timed as part of a call nor a surprise in the middle of a run. The central
     * processor calls it when it starts.
     * \return an empty string, or why the algorithm cannot run
     */
    virtual std::string Prepare();

    /**
     * \return the computation latency the central processor assumes in its Fixed latency mode
     */
    Time GetComputationLatency() const;

  protected:
    /**
     * \brief The algorithm itself.
     * \param scenario a valid problem with K >= 1
     * \param estimates its channel estimates
     * \return the allocation (runtime and feasibility are handled by Allocate)
     */
    virtual CellFreePowerControlResult DoAllocate(const CellFreeScenario& scenario,
                                                  const CellFreeChannelEstimates& estimates) = 0;

  private:
    Time m_computationLatency; //!< latency of one call in the Fixed latency mode
    /// Fired after every successful allocation.
    TracedCallback<const std::string&, uint32_t, uint32_t, double, double> m_allocationTrace;
};

} // namespace ns3

#endif // CELL_FREE_POWER_CONTROL_ALGORITHM_H
