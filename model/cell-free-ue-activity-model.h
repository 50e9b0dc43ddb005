/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CELL_FREE_UE_ACTIVITY_MODEL_H
#define CELL_FREE_UE_ACTIVITY_MODEL_H

#include "cell-free-ue-net-device.h"

#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/position-allocator.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <vector>

namespace ns3
{

/**
 * \ingroup cell-free
 * \brief UE arrivals and departures: a Poisson arrival process with exponential holding times,
 * drawing UEs from a pool of UE devices (an M/M/infinity system truncated at the pool size).
 *
 * At Start, InitialActiveUes UEs are switched on at once (each with its own holding time), so
 * the run starts near the steady state ArrivalRate x MeanHoldingTime. Each arrival switches on a
 * random inactive UE of the pool; with a PositionAllocator set, the UE is first moved to a new
 * position from it. An arrival that finds the pool exhausted is blocked (traced).
 */
class CellFreeUeActivityModel : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    CellFreeUeActivityModel();

    /**
     * \param pool the UE devices the arrivals are drawn from
     */
    void SetUePool(const std::vector<Ptr<CellFreeUeNetDevice>>& pool);

    /// Switch on the initial UEs and schedule the first arrival.
    void Start();

    /// Stop scheduling arrivals and departures.
    void Stop();

    /// \return arrivals blocked because every UE of the pool was active
    uint64_t GetNumBlocked() const;

    /**
     * \brief Assign fixed random variable stream numbers.
     * \param stream first stream index to use
     * \return the number of stream indices assigned
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * TracedCallback signature for a blocked arrival.
     * \param [in] time the arrival time
     */
    typedef void (*BlockedTracedCallback)(Time time);

  protected:
    void DoDispose() override;

  private:
    /// A Poisson arrival: activate a UE, schedule the next arrival.
    void Arrive();
    /// Switch on a random inactive UE for an exponential holding time (or count a block).
    void ActivateRandomUe();
    /// Switch a UE off.
    void Depart(Ptr<CellFreeUeNetDevice> ue);
    /// Schedule the next Poisson arrival.
    void ScheduleArrival();

    double m_arrivalRate{30.0};                    //!< arrivals per second
    Time m_meanHoldingTime{Seconds(1)};            //!< mean activity period
    uint32_t m_initialActiveUes{30};               //!< UEs on at Start
    Ptr<PositionAllocator> m_positionAllocator;    //!< new position on arrival (optional)
    std::vector<Ptr<CellFreeUeNetDevice>> m_pool;  //!< the UEs
    Ptr<ExponentialRandomVariable> m_interArrival; //!< 1 / rate
    Ptr<ExponentialRandomVariable> m_holding;      //!< holding times
    Ptr<UniformRandomVariable> m_pick;             //!< which inactive UE arrives
    std::vector<EventId> m_events;                 //!< scheduled events, for Stop
    EventId m_nextArrival;                         //!< the next arrival
    uint64_t m_numBlocked{0};                      //!< blocked arrivals
    TracedCallback<Time> m_blockedTrace;           //!< blocked arrivals
};

} // namespace ns3

#endif // CELL_FREE_UE_ACTIVITY_MODEL_H
