/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CELL_FREE_CENTRAL_PROCESSOR_H
#define CELL_FREE_CENTRAL_PROCESSOR_H

#include "cell-free-channel.h"
#include "cell-free-cluster-formation.h"
#include "cell-free-cp-net-device.h"
#include "cell-free-pilot-assigner.h"
#include "cell-free-power-control-algorithm.h"
#include "cell-free-scenario.h"

#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <Eigen/Dense>
#include <map>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup cell-free
 * \brief What happened in one coherence interval (the Interval trace).
 */
struct CellFreeIntervalStats
{
    Time time;                //!< start of the interval
    uint32_t numActive{0};    //!< K, active UEs
    uint32_t numServed{0};    //!< active UEs covered by the allocation in force
    uint32_t numWaiting{0};   //!< active UEs not yet covered (arrived after its snapshot)
    std::string algorithm;    //!< the power-control algorithm's name
    bool computed{false};     //!< a power-control call was started in this interval
    double latencySeconds{0}; //!< computation latency applied to that call (0 if none)
    double runtimeSeconds{0}; //!< wall-clock time of that call on the host (0 if none)
    bool stale{false};        //!< the allocation in force was computed for another state
    double minSe{0};          //!< min SE over active UEs (0 when K = 0)
    double meanSe{0};         //!< mean SE over active UEs (0 when K = 0)
    double sumSe{0};          //!< sum SE over active UEs (bit/s/Hz)
};

/**
 * \ingroup cell-free
 * \brief One UE's link in one coherence interval (the UeStats trace).
 */
struct CellFreeUeStats
{
    Time time;          //!< start of the interval
    uint32_t ueId{0};   //!< the UE's id
    int pilot{-1};      //!< its pilot
    double sinr{0};     //!< downlink SINR (linear)
    double se{0};       //!< spectral efficiency (bit/s/Hz)
    double rate{0};     //!< downlink rate B SE (bit/s)
    bool served{false}; //!< covered by the allocation in force
    int clusterSize{0}; //!< |M_k|, the APs serving it (M without clusters)
};

/**
 * \ingroup cell-free
 * \brief The central processor: runs downlink power control every coherence interval as UEs
 * arrive, move and depart.
 *
 * At the start of every interval (period CoherenceTime) it:
 *  1. applies a pending allocation whose computation has finished;
 *  2. removes departed UEs (their pilots are freed) and admits arrived ones: their links get
 *     shadowing drawn at their position, and the pilot assigner gives them pilots;
 *  3. refreshes the large-scale fading of the active UEs from their positions every
 *     FadingRefreshInterval (the shadowing of a link is kept);
 *  4. when the state (active set, pilots or fading) differs from the one the allocation in force
 *     was computed for, and no computation is under way, calls the power-control algorithm on a
 *     snapshot of the active UEs. With LatencyMode Ideal the result applies at once; with Fixed
 *     (the algorithm's ComputationLatency) or Measured (the call's wall-clock time) it applies
 *     from the first interval that starts after the latency has passed;
 *  5. serves the active UEs with the allocation in force: UEs it does not cover (arrived after
 *     its snapshot) wait, unserved; an AP whose current estimates would exceed its budget under a
 *     stale allocation scales it down; and computes every UE's SINR, SE and rate
 * (doc/cell-free.rst), fires the traces and updates the UE devices.
 */
class CellFreeCentralProcessor : public Object
{
  public:
    /// When a new allocation takes effect.
    enum LatencyMode
    {
        IDEAL,    //!< in the interval it was computed for
        FIXED,    //!< after the algorithm's ComputationLatency
        MEASURED, //!< after the measured wall-clock time of the call (depends on the host)
        MODELLED  //!< after the call's work over ProcessorSpeed (CellFreeComputationCost)
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    CellFreeCentralProcessor();

    /**
     * \brief Attach the channel whose APs and UEs this processor controls (CellFreeHelper).
     * \param channel the channel
     */
    void SetChannel(Ptr<CellFreeChannel> channel);

    /// \return the channel
    Ptr<CellFreeChannel> GetChannel() const;

    /**
     * \param algorithm the power-control algorithm to call
     */
    void SetPowerControlAlgorithm(Ptr<CellFreePowerControlAlgorithm> algorithm);

    /// \return the power-control algorithm
    Ptr<CellFreePowerControlAlgorithm> GetPowerControlAlgorithm() const;

    /**
     * \brief Carry IP traffic: every interval, each served UE's queue at this device gets the
     * budget B SE_k T_c (CellFreeHelper::InstallCentralProcessor).
     * \param gateway the central processor's net device
     */
    void SetGateway(Ptr<CellFreeCpNetDevice> gateway);

    /// \return the gateway device, or null
    Ptr<CellFreeCpNetDevice> GetGateway() const;

    /**
     * \param assigner how arriving UEs get pilots
     */
    void SetPilotAssigner(Ptr<CellFreePilotAssigner> assigner);

    /// \return the pilot assigner
    Ptr<CellFreePilotAssigner> GetPilotAssigner() const;

    /**
     * \brief Check the attributes that constrain each other (CoherenceSamples > NumPilots); the
     * single-attribute bounds are in their checkers. Start() aborts with this message; a program
     * can call it on a new object to refuse its defaults before a run.
     * \return an empty string, or a one-line message naming the attributes
     */
    std::string CheckAttributes() const;

    /**
     * \brief Start the per-interval loop now (CellFreeHelper schedules it at time 0).
     */
    void Start();

    /// \return the ids of the active UEs, in order of arrival
    const std::vector<uint32_t>& GetActiveUes() const;

    /**
     * \param ueId a UE id
     * \return its pilot, or -1 if it has none
     */
    int GetPilot(uint32_t ueId) const;

    /// \return coherence intervals run so far
    uint64_t GetNumIntervals() const;

    /// \return intervals served with an allocation computed for another state
    uint64_t GetNumStaleIntervals() const;

    /// \return sum over intervals of the UEs waiting for service (UE-intervals)
    uint64_t GetNumWaitingUeIntervals() const;

    /// \return power-control calls made so far
    uint64_t GetNumCalls() const;

    /// \return the scenario parameters (N, tau_p, tau_c, rho_d, rho_p, xi) without UEs
    CellFreeScenario GetScenarioParameters() const;

    /**
     * \brief Assign fixed random variable stream numbers (shadowing, pilot assigner).
     * \param stream first stream index to use
     * \return the number of stream indices assigned
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * TracedCallback signature for interval statistics.
     * \param [in] stats what happened in the interval
     */
    typedef void (*IntervalTracedCallback)(const CellFreeIntervalStats& stats);

    /**
     * TracedCallback signature for per-UE statistics.
     * \param [in] stats one UE's link in the interval
     */
    typedef void (*UeStatsTracedCallback)(const CellFreeUeStats& stats);

    /**
     * TracedCallback signature for arrivals and departures.
     * \param [in] time the interval start at which the processor noticed it
     * \param [in] ueId the UE
     */
    typedef void (*UeEventTracedCallback)(Time time, uint32_t ueId);

    /**
     * TracedCallback signature for pilot (re)assignments.
     * \param [in] time the interval start
     * \param [in] ueId the UE
     * \param [in] pilot its new pilot
     */
    typedef void (*PilotTracedCallback)(Time time, uint32_t ueId, int pilot);

    /**
     * TracedCallback signature for a changed serving cluster.
     * \param [in] time when the clusters were formed
     * \param [in] ueId the UE
     * \param [in] aps its serving APs, in increasing order
     */
    typedef void (*ClusterTracedCallback)(Time time, uint32_t ueId, const std::vector<int>& aps);

  protected:
    void DoDispose() override;

  private:
    /// An allocation and the state it was computed for.
    struct Allocation
    {
        std::vector<uint32_t> ues;     //!< UE ids of the columns of eta
        std::vector<uint64_t> periods; //!< their activity periods (activation counts)
        Eigen::MatrixXd eta;           //!< M x ues.size() power coefficients
        uint64_t version{0};           //!< m_version when the snapshot was taken
        Time readyAt;                  //!< when it may apply
        bool valid{false};             //!< holds an allocation
    };

    /// Run one coherence interval and schedule the next.
    void RunInterval();

    /// Apply departures and arrivals; returns true if the active set changed.
    bool UpdateActiveSet();

    /// Recompute the fading of every active UE from positions.
    void RefreshFading();

    /// The scenario of the active UEs with the current fading and pilots.
    CellFreeScenario BuildScenario() const;

    /**
     * \brief Form the serving clusters of the active UEs (ClusterFormation) and report the UEs
     * whose cluster changed (ClusterChange).
     * \param[in,out] scenario BuildScenario(); its serving sets are set
     */
    void FormClusters(CellFreeScenario& scenario);

    /// Start a power-control call on the current state.
    void StartComputation(const CellFreeScenario& scenario,
                          const CellFreeChannelEstimates& estimates,
                          CellFreeIntervalStats& stats);

    /// Serve the active UEs with the allocation in force; fill stats, fire traces.
    void Serve(const CellFreeScenario& scenario,
               const CellFreeChannelEstimates& estimates,
               CellFreeIntervalStats& stats);

    // Attributes
    int m_numAntennas{4};                  //!< N
    int m_numPilots{20};                   //!< tau_p
    int m_coherenceSamples{200};           //!< tau_c
    Time m_coherenceTime{MilliSeconds(1)}; //!< T_c
    double m_bandwidth{20e6};              //!< B (Hz)
    double m_downlinkPower{1.0};           //!< per-AP power (W)
    double m_pilotPower{0.2};              //!< per-UE pilot power (W)
    double m_noiseFigure{9.0};             //!< NF (dB)
    double m_downlinkShare{1.0};           //!< xi
    Time m_fadingRefreshInterval{
        MilliSeconds(10)};            //!< period of the fading refresh; 0: on arrival only
    LatencyMode m_latencyMode{IDEAL}; //!< when allocations apply
    double m_processorSpeed{1e9};     //!< reference operations per second (Modelled)

    Ptr<CellFreeChannel> m_channel;                   //!< APs, UEs, fading
    Ptr<CellFreePowerControlAlgorithm> m_algorithm;   //!< power control
    Ptr<CellFreePilotAssigner> m_pilotAssigner;       //!< pilots for arrivals
    Ptr<CellFreeClusterFormation> m_clusterFormation; //!< serving clusters
    std::map<uint32_t, std::vector<int>> m_clusterOf; //!< last reported cluster per active UE
    Ptr<CellFreeCpNetDevice> m_gateway;               //!< IP traffic, if any

    std::vector<uint32_t> m_active;   //!< active UE ids, in arrival order
    std::vector<int> m_pilotOf;       //!< pilot per UE id (-1: none)
    std::vector<uint64_t> m_periodOf; //!< activation count of each UE's admitted period
    Eigen::MatrixXd m_shadowingDb;    //!< M x pool shadowing of the current activity period
    Eigen::MatrixXd m_beta;           //!< M x pool large-scale fading (valid for active UEs)
    uint64_t m_version{1};            //!< bumped whenever the state changes
    Time m_lastRefresh;               //!< last fading refresh
    Allocation m_inForce;             //!< the allocation the APs use
    Allocation m_pending;             //!< an allocation being computed
    EventId m_nextInterval;           //!< the next interval's event

    uint64_t m_numIntervals{0};          //!< counters
    uint64_t m_numStaleIntervals{0};     //!< counters
    uint64_t m_numWaitingUeIntervals{0}; //!< counters
    uint64_t m_numCalls{0};              //!< counters

    TracedCallback<const CellFreeIntervalStats&> m_intervalTrace; //!< per interval
    TracedCallback<const CellFreeUeStats&> m_ueStatsTrace;        //!< per UE per interval
    TracedCallback<Time, uint32_t> m_arrivalTrace;                //!< arrivals
    TracedCallback<Time, uint32_t> m_departureTrace;              //!< departures
    TracedCallback<Time, uint32_t, int> m_pilotTrace;             //!< pilot (re)assignments
    TracedCallback<Time, uint32_t, const std::vector<int>&> m_clusterTrace; //!< cluster changes
};

} // namespace ns3

#endif // CELL_FREE_CENTRAL_PROCESSOR_H
