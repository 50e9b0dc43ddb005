/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \defgroup cell-free Cell-free massive MIMO
 *
 * Downlink power control in cell-free massive MIMO: the system model of doc/cell-free.rst (large-
 * scale fading, pilots, MMSE estimation, conjugate-beamforming SE), power-control algorithms (EPA,
 * FPA, APG, GAT), and the ns-3 objects that run them every coherence interval (AP and UE net
 * devices, channel, central processor, helpers).
 */

/**
 * \ingroup cell-free
 * \defgroup cell-free-tests Cell-free module tests
 */
