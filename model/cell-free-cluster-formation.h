/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CELL_FREE_CLUSTER_FORMATION_H
#define CELL_FREE_CLUSTER_FORMATION_H

#include "cell-free-scenario.h"
#include "cell-free-serving-clusters.h"

#include "ns3/object.h"

#include <string>

namespace ns3
{

/**
 * \ingroup cell-free
 * \brief How the serving clusters M_k are formed (doc/cell-free.rst "User-centric serving
 * clusters"): chosen by TypeId on the central processor (its ClusterFormation attribute, or
 * CellFreeHelper::SetClusterFormation) and on the scenario generator. The central processor
 * re-forms the clusters whenever the problem changes: arrivals, departures, fading refreshes.
 */
class CellFreeClusterFormation : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /**
     * \param scenario the UEs to serve (beta and pilots; its own serving sets are ignored)
     * \return K serving sets, or an empty vector when every AP serves every UE
     */
    virtual CellFreeServingSets Form(const CellFreeScenario& scenario) const = 0;

    /// \return a short name for tables and files ("all", "strongest", "dcc")
    virtual std::string GetName() const = 0;

    /**
     * \brief The TypeId of a rule named on a command line.
     * \param name "all", "strongest" or "dcc"
     * \param[out] typeId "ns3::AllApsClusterFormation", ...
     * \return false when the name is unknown
     */
    static bool TypeIdOfName(const std::string& name, std::string& typeId);
};

} // namespace ns3

#endif // CELL_FREE_CLUSTER_FORMATION_H
