/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CELL_FREE_OPERATING_ENVELOPE_H
#define CELL_FREE_OPERATING_ENVELOPE_H

#include "cell-free-preset.h"
#include "cell-free-scenario-generator.h"

#include "ns3/object.h"
#include "ns3/random-variable-stream.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup cell-free
 * \brief One slice of the operating envelope: a scenario family and a pilot assignment.
 */
struct CellFreeEnvelopeSlice
{
    std::string name;      //!< short label, e.g. "K=60" or "ngo2017 K=40"
    CellFreePreset preset; //!< M, N, area, powers and the K range drawn
    CellFreeScenarioGenerator::PilotAssignment pilots{
        CellFreeScenarioGenerator::RANDOM_PILOTS}; //!< pilot assignment
    /// serving clusters: "all" (every AP serves every UE), "strongest" or "dcc"
    std::string clusters{"all"};
    int clusterSize{10}; //!< L of "strongest"
};

/**
 * \ingroup cell-free
 * \brief The operating envelope the GAT is trained and evaluated on (doc/cell-free.rst, "The
 * GAT"): M from 20 to 400 at AP densities from ngo2017's (100 per km^2) to the default
 * preset's (1000 per km^2), N from 1 to 8, K from 1 to min(4 tau_p, 0.8 M) with tau_p = 20,
 * powers between the two presets' (downlink 0.2-1 W, pilots 0.1-0.2 W), i.i.d. or correlated
 * shadowing, and every pilot assignment of CellFreeScenarioGenerator.
 *
 * It is the one definition of that envelope: the trainer draws from it (DrawNumAps, Draw), the
 * evaluation and the tests use its slices (Slices, GridSlices). Draws come from ns-3 streams
 * (AssignStreams), so a step of training or a slice of evaluation is reproducible.
 */
class CellFreeOperatingEnvelope : public Object
{
  public:
    static constexpr int kMinAps = 20;            //!< smallest M
    static constexpr int kMaxAps = 400;           //!< largest M
    static constexpr int kMaxAntennas = 8;        //!< largest N (N in {1, 2, 4, 8})
    static constexpr int kNumPilots = 20;         //!< tau_p
    static constexpr int kMaxUesPerPilot = 4;     //!< K <= 4 tau_p
    static constexpr double kMaxUesPerAp = 0.8;   //!< K <= 0.8 M
    static constexpr double kMinDensity = 100.0;  //!< APs per km^2 (ngo2017)
    static constexpr double kMaxDensity = 1000.0; //!< APs per km^2 (default preset)
    /// High-reuse steps (HighReuseShare): M from this to kMaxAps, at the city's AP density
    static constexpr int kMinHighReuseAps = 200;
    static constexpr double kMinHighReuseLoad = 0.3; //!< high-reuse K / M, from
    static constexpr double kMaxHighReuseLoad = 0.5; //!< to (the city: 0.4)
    static constexpr double kMinReuse = 10.0;        //!< high-reuse K / tau_p, from
    static constexpr double kMaxReuse = 25.0;        //!< to (the city: 20)

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    CellFreeOperatingEnvelope();

    /**
     * \brief The largest K of the envelope at a given M.
     * \param numAps M
     * \return min(4 tau_p, floor(0.8 M)), at least 1
     */
    static int MaxUes(int numAps);

    /**
     * \brief Draw M log-uniformly over [kMinAps, kMaxAps] (one M per training batch).
     * \return M
     */
    int DrawNumAps();

    /**
     * \brief Draw one scenario of the envelope at a given M: density, N, powers, shadowing,
     * downlink share, K uniform in [1, MaxUes(M)] and the pilot assignment, all at random, and
     * with probability UserCentricShare serving clusters (strongest L or DCC).
     * \param numAps M
     * \return the scenario
     */
    CellFreeScenario Draw(int numAps);

    /**
     * \brief Whether a training step draws from the high-reuse family (probability
     * HighReuseShare; no draw is made when it is 0, so that the other steps stay those the
     * shipped model's first steps were trained on).
     * \return true for a high-reuse step
     */
    bool DrawsHighReuseStep();

    /**
     * \brief Draw M log-uniformly over [kMinHighReuseAps, kMaxAps] (a high-reuse step).
     * \return M
     */
    int DrawHighReuseNumAps();

    /**
     * \brief The mean K of a high-reuse scenario with M APs (to size a training batch).
     * \param numAps M
     * \return its mean K
     */
    static double MeanHighReuseUes(int numAps);

    /**
     * \brief Draw one scenario of the high-reuse family: the city preset's AP density and load
     * per AP on a smaller area, so that each pilot is shared by as many UEs as in the city
     * (doc/cell-free.rst "The GAT"). K / M uniform in [kMinHighReuseLoad, kMaxHighReuseLoad],
     * tau_p = K / r with r uniform in [kMinReuse, kMaxReuse], N, powers and shadowing as Draw,
     * and always serving clusters: half strongest L (L uniform in 5-20), half DCC with its
     * pilots.
     * \param numAps M
     * \return the scenario
     */
    CellFreeScenario DrawHighReuse(int numAps);

    /**
     * \brief Draw one scenario of a slice.
     * \param slice the slice
     * \return the scenario
     */
    CellFreeScenario Draw(const CellFreeEnvelopeSlice& slice);

    /**
     * \brief The evaluation slices: K = 1, 5, 10, 20-40, 60, 80 at M = 100; every pilot
     * assignment at K = 20-40; M = 20, 50, 200, 400; N = 1, 2, 8; ngo2017 at K = 20, 40 and 80
     * and at M = 400.
     * \return the slices
     */
    static std::vector<CellFreeEnvelopeSlice> Slices();

    /**
     * \brief The user-centric slices (doc/cell-free.rst "User-centric serving clusters"): the
     * default preset at K = 20-40 and K = 60 and the city preset (M = 1000, K = 400), each with
     * strongest-10 and with DCC clusters (DCC with its pilot assignment). The city is outside
     * the envelope the shipped model was trained on (M <= 400).
     * \param withCity include the two city slices (slow: APG takes seconds there)
     * \return the slices
     */
    static std::vector<CellFreeEnvelopeSlice> UserCentricSlices(bool withCity = true);

    /**
     * \brief The K x M grid of the heat map (default density and powers, random pilots):
     * K in {5, 10, 20, 40, 60, 80}, M in {20, 50, 100, 200, 400}, where K <= 0.8 M.
     * \return the slices, named "K=k M=m"
     */
    static std::vector<CellFreeEnvelopeSlice> GridSlices();

    /**
     * \brief Assign fixed random variable stream numbers.
     * \param stream first stream index to use
     * \return the number of stream indices assigned
     */
    int64_t AssignStreams(int64_t stream);

  protected:
    void DoDispose() override;

  private:
    /**
     * \param minAps the smallest M
     * \return M log-uniform over [minAps, kMaxAps]
     */
    int DrawLogUniformAps(int minAps);

    /**
     * \brief A slice of the default preset with M APs at a density, and N, the powers, the
     * shadowing and the downlink share drawn.
     * \param name the preset's name
     * \param numAps M
     * \param density APs per km^2
     * \return the slice (K, tau_p and the pilots still the default preset's)
     */
    CellFreeEnvelopeSlice DrawSlice(const std::string& name, int numAps, double density);

    /**
     * \brief Draw serving clusters: strongest L (L uniform in 5-20) or, as likely, DCC with its
     * pilots.
     * \param slice the slice to set them on
     */
    void DrawClusterRule(CellFreeEnvelopeSlice& slice);

    Ptr<UniformRandomVariable> m_uniform;       //!< the envelope's own draws
    Ptr<CellFreeScenarioGenerator> m_generator; //!< positions, fading and pilots
    double m_userCentricShare{0.0};             //!< share of draws with serving clusters
    double m_highReuseShare{0.0};               //!< share of high-reuse training steps
};

} // namespace ns3

#endif // CELL_FREE_OPERATING_ENVELOPE_H
