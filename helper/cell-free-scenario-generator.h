/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CELL_FREE_SCENARIO_GENERATOR_H
#define CELL_FREE_SCENARIO_GENERATOR_H

#include "cell-free-preset.h"

#include "ns3/cell-free-cluster-formation.h"
#include "ns3/cell-free-large-scale-fading-model.h"
#include "ns3/cell-free-scenario.h"
#include "ns3/object.h"
#include "ns3/random-variable-stream.h"
#include "ns3/vector.h"

#include <vector>

namespace ns3
{

/**
 * \ingroup cell-free
 * \brief Draws random scenarios of a preset: APs and UEs uniformly in the square area, large-scale
 * fading from the positions (three-slope path loss, shadowing, wrap-around) and pilots.
 *
 * Used by `cell-free-solve --generate`, the trainer and the tests. The draws come from ns-3
 * random streams, so AssignStreams and RngRun fix them.
 */
class CellFreeScenarioGenerator : public Object
{
  public:
    /// How pilots are assigned to the drawn UEs.
    enum PilotAssignment
    {
        RANDOM_PILOTS,      //!< AssignPilotsRandomly (balanced)
        GREEDY_PILOTS,      //!< AssignPilotsGreedily from a random start
        UNBALANCED_PILOTS,  //!< AssignPilotsUnbalanced
        UNIFORM_PILOTS,     //!< AssignPilotsUniformly
        INCREMENTAL_PILOTS, //!< AssignPilotIncrementally, UE after UE in index order
        DCC_PILOTS,         //!< AssignPilotsDcc, [Dem21] Algorithm 4.1
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    CellFreeScenarioGenerator();

    /**
     * \brief Choose the scenario family; the default is CellFreePreset::Default().
     * \param preset the preset
     */
    void SetPreset(const CellFreePreset& preset);

    /// \return the preset in use
    const CellFreePreset& GetPreset() const;

    /**
     * \brief Form serving clusters in every generated scenario (the ClusterFormation attribute;
     * default: none, every AP serves every UE).
     * \param formation the rule, or nullptr for all-serve-all
     */
    void SetClusterFormation(Ptr<CellFreeClusterFormation> formation);

    /**
     * \brief Choose the pilot assignment (the PilotAssignment attribute).
     * \param assignment the scheme
     */
    void SetPilotAssignment(PilotAssignment assignment);

    /**
     * \brief Parse a pilot-assignment name as used on command lines.
     * \param name random, greedy, unbalanced, uniform or incremental
     * \param[out] assignment the scheme
     * \return false for an unknown name
     */
    static bool ParsePilotAssignment(const std::string& name, PilotAssignment& assignment);

    /**
     * \brief The command-line name of a scheme.
     * \param assignment the scheme
     * \return random, greedy, unbalanced, uniform or incremental
     */
    static std::string PilotAssignmentName(PilotAssignment assignment);

    /**
     * \brief Draw one scenario.
     * \param numUes K; a negative value draws K uniformly from [minUes, maxUes] of the preset
     * \return the scenario
     */
    CellFreeScenario Generate(int numUes = -1);

    /// \return the AP positions of the last scenario drawn
    const std::vector<Vector>& GetApPositions() const;

    /// \return the UE positions of the last scenario drawn
    const std::vector<Vector>& GetUePositions() const;

    /**
     * \brief Assign fixed random variable stream numbers.
     * \param stream first stream index to use
     * \return the number of stream indices assigned
     */
    int64_t AssignStreams(int64_t stream);

  protected:
    void DoDispose() override;

  private:
    /// Apply the preset's shadowing and area to the fading model.
    void ConfigureFading();

    CellFreePreset m_preset;                          //!< the scenario family
    PilotAssignment m_pilotAssignment{RANDOM_PILOTS}; //!< pilot scheme
    int m_greedyIterations{100};                      //!< moves of the greedy scheme
    int m_incrementalAps{10};                         //!< |S| of the incremental rule
    Ptr<CellFreeClusterFormation> m_clusterFormation; //!< serving clusters (null: all)
    Ptr<UniformRandomVariable> m_uniform;             //!< positions, K and pilots
    Ptr<CellFreeLargeScaleFadingModel> m_fading;      //!< beta from positions
    std::vector<Vector> m_apPositions;                //!< last AP positions
    std::vector<Vector> m_uePositions;                //!< last UE positions
};

} // namespace ns3

#endif // CELL_FREE_SCENARIO_GENERATOR_H
