/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CELL_FREE_STATS_HELPER_H
#define CELL_FREE_STATS_HELPER_H

#include "ns3/cell-free-central-processor.h"
#include "ns3/gnuplot.h"

#include <fstream>
#include <string>
#include <vector>

namespace ns3
{

class SQLiteOutput;

/**
 * \ingroup cell-free
 * \brief Writes the central processor's traces to files with documented columns.
 *
 * CSV files, DIR/PREFIX-<table>.csv, one per table (and, with SetSqlite, the same tables in
 * DIR/PREFIX.db through ns-3's SQLiteOutput):
 *  - intervals: time_s, num_active, num_served, num_waiting, algorithm, computed, latency_s,
 *    stale, min_se, mean_se, sum_se (one row per coherence interval; SE in bit/s/Hz; latency_s
 *    the computation latency the simulation applied to a call started in the interval), and
 *    with SetHostTimings(true) host_runtime_s, the call's wall-clock time on the host (the one
 *    column that differs between two runs of the same simulation);
 *  - ues: time_s, ue, pilot, sinr_db, se, rate_mbps, served (one row per active UE per
 *    interval; disable with SetPerUe(false) for long runs);
 *  - events: time_s, event (arrival, departure, pilot), ue, pilot (-1 where none).
 */
class CellFreeStatsHelper
{
  public:
    CellFreeStatsHelper();
    ~CellFreeStatsHelper();

    /**
     * \param directory where the files go (must exist)
     * \param prefix the file name prefix
     */
    void SetOutput(const std::string& directory, const std::string& prefix);

    /**
     * \param perUe whether to write the per-UE table (default true)
     */
    void SetPerUe(bool perUe);

    /**
     * \param hostTimings whether to add the host_runtime_s column (default false: the files
     * are then a function of the simulation's inputs alone)
     */
    void SetHostTimings(bool hostTimings);

    /**
     * \param sqlite whether to write PREFIX.db too (default false)
     */
    void SetSqlite(bool sqlite);

    /**
     * \brief Open the files and connect to the processor's traces.
     * \param processor the central processor
     */
    void Install(Ptr<CellFreeCentralProcessor> processor);

    /// Disconnect from the traces, flush and close the files (also done by the destructor).
    void Close();

    /**
     * \brief Write a plot's gnuplot script to BASE.plt and, if gnuplot is installed, render it
     * (to the output file the plot was constructed with, e.g. BASE.png).
     * \param plot the plot
     * \param base the path without extension
     * \return true if the image was rendered
     */
    static bool RenderPlot(Gnuplot& plot, const std::string& base);

    /**
     * \brief The q-quantile of values by the nearest rank, as the examples report them.
     * \param values the sample
     * \param q in [0, 1]
     * \return the quantile (0 for an empty sample)
     */
    static double Quantile(std::vector<double> values, double q);

  private:
    /// Interval trace sink.
    void OnInterval(const CellFreeIntervalStats& stats);
    /// UeStats trace sink.
    void OnUe(const CellFreeUeStats& stats);
    /// Arrival, departure and pilot trace sinks.
    void OnEvent(const std::string& event, Time time, uint32_t ue, int pilot);

    std::string m_directory{"."};                                //!< output directory
    std::string m_prefix{"cell-free"};                           //!< file prefix
    bool m_perUe{true};                                          //!< write the ues table
    bool m_sqlite{false};                                        //!< write the database
    bool m_hostTimings{false};                                   //!< write host_runtime_s
    std::ofstream m_intervals;                                   //!< intervals.csv
    std::ofstream m_ues;                                         //!< ues.csv
    std::ofstream m_events;                                      //!< events.csv
    Ptr<SQLiteOutput> m_db;                                      //!< the database, if enabled
    Ptr<CellFreeCentralProcessor> m_processor;                   //!< the traced processor
    Callback<void, const CellFreeIntervalStats&> m_intervalSink; //!< Interval sink
    Callback<void, const CellFreeUeStats&> m_ueSink;             //!< UeStats sink
    Callback<void, Time, uint32_t> m_arrivalSink;                //!< Arrival sink
    Callback<void, Time, uint32_t> m_departureSink;              //!< Departure sink
    Callback<void, Time, uint32_t, int> m_pilotSink;             //!< PilotAssignment sink
};

} // namespace ns3

#endif // CELL_FREE_STATS_HELPER_H
