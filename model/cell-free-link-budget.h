/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CELL_FREE_LINK_BUDGET_H
#define CELL_FREE_LINK_BUDGET_H

namespace ns3
{

/**
 * \ingroup cell-free
 * \brief Thermal noise power, -174 dBm/Hz + 10 log10(B) + NF (doc/cell-free.rst "Large-scale
 * fading"). \param bandwidth B in Hz \param noiseFigureDb NF in dB \return the noise power in dBm
 * (-91.99 dBm for 20 MHz and 9 dB)
 */
double ThermalNoisePowerDbm(double bandwidth, double noiseFigureDb);

/**
 * \param powerDbm a power in dBm
 * \return the same power in W
 */
double DbmToWatt(double powerDbm);

/**
 * \param powerWatt a power in W (positive)
 * \return the same power in dBm
 */
double WattToDbm(double powerWatt);

/**
 * \brief A transmit power over the noise power, the rho_d and rho_p of doc/cell-free.rst.
 * \param powerWatt the transmit power in W
 * \param noisePowerDbm the noise power in dBm
 * \return the linear ratio
 */
double PowerToNoiseRatio(double powerWatt, double noisePowerDbm);

} // namespace ns3

#endif // CELL_FREE_LINK_BUDGET_H
