/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CELL_FREE_PRESET_H
#define CELL_FREE_PRESET_H

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup cell-free
 * \brief The parameters of a scenario family (doc/cell-free.rst "Presets").
 */
struct CellFreePreset
{
    std::string name;                //!< short name, as given to --preset
    int numAps{100};                 //!< M
    int numAntennas{4};              //!< N
    int minUes{20};                  //!< smallest K drawn
    int maxUes{40};                  //!< largest K drawn (K_max)
    int numPilots{20};               //!< tau_p
    int coherenceSamples{200};       //!< tau_c
    double downlinkShare{1.0};       //!< xi
    double areaSide{316.227766};     //!< side of the square area (m), wrap-around on
    double downlinkPower{1.0};       //!< per-AP downlink power (W)
    double pilotPower{0.2};          //!< per-UE pilot power (W)
    double bandwidth{20e6};          //!< B (Hz)
    double noiseFigureDb{9.0};       //!< NF (dB)
    double shadowingSigmaDb{8.0};    //!< sigma_sh (dB)
    bool correlatedShadowing{false}; //!< [Ngo17] correlated shadowing

    /**
     * \brief [Koc24]/[Zha25]: M = 100 APs with N = 4 in 0.1 km^2, K in [20, 40], tau_p = 20,
     * 1 W downlink, 0.2 W pilots, i.i.d. 8 dB shadowing.
     * \return the preset
     */
    static CellFreePreset Default();

    /**
     * \brief [Ngo17]: M = 100 single-antenna APs in 1 km^2, K = 40, tau_p = 20, 0.2 W downlink,
     * 0.1 W pilots, correlated shadowing, half of the data samples for the downlink.
     * \return the preset
     */
    static CellFreePreset Ngo2017();

    /**
     * \brief The city scale: M = 1000 APs with N = 4 in 1 km^2 (the default preset's density),
     * K = 400, tau_p = 20, the default preset's powers; meant for user-centric serving clusters.
     * \return the preset
     */
    static CellFreePreset City();

    /**
     * \brief Look a preset up by name.
     * \param name "default", "ngo2017" or "city"
     * \param[out] preset the preset found
     * \return false when the name is unknown
     */
    static bool FromName(const std::string& name, CellFreePreset& preset);

    /// \return the names FromName accepts
    static std::vector<std::string> Names();

    /// \return rho_d, the downlink power over the noise power
    double RhoD() const;

    /// \return rho_p, the pilot power over the noise power
    double RhoP() const;
};

} // namespace ns3

#endif // CELL_FREE_PRESET_H
