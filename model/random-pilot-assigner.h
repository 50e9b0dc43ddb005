/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef RANDOM_PILOT_ASSIGNER_H
#define RANDOM_PILOT_ASSIGNER_H

#include "cell-free-pilot-assigner.h"

#include "ns3/random-variable-stream.h"

namespace ns3
{

/**
 * \ingroup cell-free
 * \brief Newcomers take a random pilot among the least used ones (so pilots stay orthogonal
 * while K <= tau_p); served UEs keep theirs.
 */
class RandomPilotAssigner : public CellFreePilotAssigner
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    RandomPilotAssigner();
    std::vector<int> Assign(const CellFreeScenario& scenario) override;
    int64_t AssignStreams(int64_t stream) override;

  private:
    Ptr<UniformRandomVariable> m_uniform; //!< the draws
};

} // namespace ns3

#endif // RANDOM_PILOT_ASSIGNER_H
