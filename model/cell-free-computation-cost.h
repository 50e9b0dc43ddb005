/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CELL_FREE_COMPUTATION_COST_H
#define CELL_FREE_COMPUTATION_COST_H

#include "cell-free-apg-solver.h"
#include "cell-free-scenario.h"

namespace ns3
{

/**
 * \ingroup cell-free
 * \brief The work of the power-control numerics in *reference operations*: a deterministic
 * function of the problem's sizes and of the iterations an algorithm ran, scaled so that one
 * reference operation is one nanosecond of one core of the calibration machine (the 2-core
 * development machine, x86-64 with AVX2; doc/cell-free.rst "Power control inside a
 * simulation"). The central processor's Modelled latency mode divides it by its
 * ProcessorSpeed (reference operations per second, 1e9 by default), so that simulated
 * latencies reproduce that machine's, scale with a faster or slower processor, and never
 * depend on the host that runs the simulation.
 *
 * The per-unit costs below were measured with cell-free-power-control-benchmark (medians, one
 * thread); each model is linear in the quantity that dominates the method's time.
 */
class CellFreeComputationCost
{
  public:
    /**
     * \param scenario the problem
     * \return the AP-UE pairs served (M K without serving clusters)
     */
    static double ServedPairs(const CellFreeScenario& scenario);

    /**
     * \brief Equal power allocation (and fractional power control: per pair work).
     * \param scenario the problem
     * \param perPair reference operations per AP-UE pair
     * \return the work
     */
    static double PerPair(const CellFreeScenario& scenario, double perPair);

    /**
     * \brief A run of SolveApg (APG, and the GAT's refinement): its utility evaluations and its
     * per-iteration work (extrapolation, projections, step sizes).
     * \param scenario the problem
     * \param iterations iterations run
     * \param values evaluations of the utility alone
     * \param gradients evaluations of the utility and its gradient
     * \param singlePrecision whether the evaluations ran the link model's single-precision
     * products (CellFreeLinkModel::SetSinglePrecisionProducts, with clusters only)
     * \return the work
     */
    static double Apg(const CellFreeScenario& scenario,
                      int iterations,
                      int values,
                      int gradients,
                      bool singlePrecision = false);

    /**
     * \brief A run of SolveApg from its result: its evaluations, and each iteration of its SINR
     * balancing as one evaluation of the utility alone (one M x K product and the pair terms).
     * \param scenario the problem
     * \param result what SolveApg returned for it
     * \return the work
     */
    static double Apg(const CellFreeScenario& scenario, const CellFreeApgResult& result);

    /**
     * \brief One GAT call without refinement: the graph and the forward pass.
     * \param scenario the problem
     * \param width d
     * \param heads H
     * \param layers L
     * \param features F
     * \return the work
     */
    static double GatForward(const CellFreeScenario& scenario,
                             int width,
                             int heads,
                             int layers,
                             int features);

    static const double kEpaPerPair; //!< EPA, per AP-UE pair
    static const double kFpaPerPair; //!< FPA, per AP-UE pair
};

} // namespace ns3

#endif // CELL_FREE_COMPUTATION_COST_H
