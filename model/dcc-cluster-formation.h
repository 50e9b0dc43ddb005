/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef DCC_CLUSTER_FORMATION_H
#define DCC_CLUSTER_FORMATION_H

#include "cell-free-cluster-formation.h"

namespace ns3
{

/**
 * \ingroup cell-free
 * \brief The dynamic cooperation clusters of [Dem21] (FormDccServingClusters)
 */
class DccClusterFormation : public CellFreeClusterFormation
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    CellFreeServingSets Form(const CellFreeScenario& scenario) const override;
    std::string GetName() const override;
};

} // namespace ns3

#endif // DCC_CLUSTER_FORMATION_H
