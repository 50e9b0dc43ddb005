/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DCC_PILOT_ASSIGNER_H
#define DCC_PILOT_ASSIGNER_H

#include "cell-free-pilot-assigner.h"

namespace ns3
{

/**
 * \ingroup cell-free
 * \brief The pilot assignment of the dynamic cooperation clusters, [Dem21] Algorithm 4.1, for a
 * running network (AssignPilotsDcc): each newcomer takes the pilot whose current users are
 * weakest at its master AP; served UEs keep theirs. The companion of DccClusterFormation.
 */
class DccPilotAssigner : public CellFreePilotAssigner
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    std::vector<int> Assign(const CellFreeScenario& scenario) override;
};

} // namespace ns3

#endif // DCC_PILOT_ASSIGNER_H
