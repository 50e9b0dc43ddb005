/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef ALL_APS_CLUSTER_FORMATION_H
#define ALL_APS_CLUSTER_FORMATION_H

#include "cell-free-cluster-formation.h"

namespace ns3
{

/**
 * \ingroup cell-free
 * \brief Every AP serves every UE (D = 1), the model without clusters; the default.
 */
class AllApsClusterFormation : public CellFreeClusterFormation
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

#endif // ALL_APS_CLUSTER_FORMATION_H
