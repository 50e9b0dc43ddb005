/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cell-free-stats-helper.h"

#include "ns3/abort.h"
#include "ns3/callback.h"
#include "ns3/cell-free-ns3-compat.h"
#include "ns3/log.h"
#include "ns3/sqlite-output.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CellFreeStatsHelper");

namespace
{

/// Open a CSV file with its header, aborting with the path if it cannot be written.
void
OpenCsv(std::ofstream& file, const std::string& path, const std::string& header)
{
    file.open(path);
    NS_ABORT_MSG_UNLESS(file, "CellFreeStatsHelper: cannot write " << path);
    file << header << '\n';
    file.precision(std::numeric_limits<double>::max_digits10 - 8);
}

/// SINR in dB; -inf is written as -999 so that every value is a number.
double
ToDb(double linear)
{
    return linear > 0.0 ? 10.0 * std::log10(linear) : -999.0;
}

} // namespace

CellFreeStatsHelper::CellFreeStatsHelper() = default;

CellFreeStatsHelper::~CellFreeStatsHelper()
{
    Close();
}

void
CellFreeStatsHelper::SetOutput(const std::string& directory, const std::string& prefix)
{
    m_directory = directory;
    m_prefix = prefix;
}

void
CellFreeStatsHelper::SetPerUe(bool perUe)
{
    m_perUe = perUe;
}

void
CellFreeStatsHelper::SetHostTimings(bool hostTimings)
{
    m_hostTimings = hostTimings;
}

void
CellFreeStatsHelper::SetSqlite(bool sqlite)
{
    m_sqlite = sqlite;
}

void
CellFreeStatsHelper::Install(Ptr<CellFreeCentralProcessor> processor)
{
    const std::string base = m_directory + "/" + m_prefix;
    OpenCsv(m_intervals,
            base + "-intervals.csv",
            std::string("time_s,num_active,num_served,num_waiting,algorithm,computed,latency_s,"
                        "stale,min_se,mean_se,sum_se") +
                (m_hostTimings ? ",host_runtime_s" : ""));
    OpenCsv(m_events, base + "-events.csv", "time_s,event,ue,pilot");
    if (m_perUe)
    {
        OpenCsv(m_ues,
                base + "-ues.csv",
                "time_s,ue,pilot,sinr_db,se,rate_mbps,served,cluster_size");
    }
    if (m_sqlite)
    {
        m_db = CreateCellFreeSQLiteOutput(base + ".db");
        m_db->SpinExec("CREATE TABLE IF NOT EXISTS intervals (time_s REAL, num_active INTEGER, "
                       "num_served INTEGER, num_waiting INTEGER, algorithm TEXT, computed "
                       "INTEGER, latency_s REAL, stale INTEGER, min_se REAL, mean_se REAL, "
                       "sum_se REAL" +
                       std::string(m_hostTimings ? ", host_runtime_s REAL" : "") + ");");
        m_db->SpinExec(
            "CREATE TABLE IF NOT EXISTS ues (time_s REAL, ue INTEGER, pilot INTEGER, "
            "sinr_db REAL, se REAL, rate_mbps REAL, served INTEGER, cluster_size INTEGER);");
        m_db->SpinExec("CREATE TABLE IF NOT EXISTS events (time_s REAL, event TEXT, ue INTEGER, "
                       "pilot INTEGER);");
        m_db->SpinExec("BEGIN TRANSACTION;");
    }
    // The sinks are kept so that Close() can disconnect them: the processor outlives this
    // helper in many scripts.
    m_processor = processor;
    m_intervalSink = MakeCallback(&CellFreeStatsHelper::OnInterval, this);
    m_ueSink = MakeCallback(&CellFreeStatsHelper::OnUe, this);
    m_arrivalSink = MakeCallback(+[](CellFreeStatsHelper* self, Time time, uint32_t ue) {
                        self->OnEvent("arrival", time, ue, -1);
                    }).Bind(this);
    m_departureSink = MakeCallback(+[](CellFreeStatsHelper* self, Time time, uint32_t ue) {
                          self->OnEvent("departure", time, ue, -1);
                      }).Bind(this);
    m_pilotSink = MakeCallback(+[](CellFreeStatsHelper* self, Time time, uint32_t ue, int pilot) {
                      self->OnEvent("pilot", time, ue, pilot);
                  }).Bind(this);
    processor->TraceConnectWithoutContext("Interval", m_intervalSink);
    if (m_perUe)
    {
        processor->TraceConnectWithoutContext("UeStats", m_ueSink);
    }
    processor->TraceConnectWithoutContext("Arrival", m_arrivalSink);
    processor->TraceConnectWithoutContext("Departure", m_departureSink);
    processor->TraceConnectWithoutContext("PilotAssignment", m_pilotSink);
}

void
CellFreeStatsHelper::Close()
{
    if (m_processor)
    {
        m_processor->TraceDisconnectWithoutContext("Interval", m_intervalSink);
        m_processor->TraceDisconnectWithoutContext("UeStats", m_ueSink);
        m_processor->TraceDisconnectWithoutContext("Arrival", m_arrivalSink);
        m_processor->TraceDisconnectWithoutContext("Departure", m_departureSink);
        m_processor->TraceDisconnectWithoutContext("PilotAssignment", m_pilotSink);
        m_processor = nullptr;
    }
    for (auto* file : {&m_intervals, &m_ues, &m_events})
    {
        if (file->is_open())
        {
            file->close();
        }
    }
    if (m_db)
    {
        m_db->SpinExec("END TRANSACTION;");
        m_db = nullptr;
    }
}

double
CellFreeStatsHelper::Quantile(std::vector<double> values, double q)
{
    if (values.empty())
    {
        return 0.0;
    }
    std::sort(values.begin(), values.end());
    return values[static_cast<std::size_t>(q * (values.size() - 1) + 0.5)];
}

bool
CellFreeStatsHelper::RenderPlot(Gnuplot& plot, const std::string& base)
{
    std::ofstream script(base + ".plt");
    NS_ABORT_MSG_UNLESS(script, "CellFreeStatsHelper: cannot write " << base << ".plt");
    plot.GenerateOutput(script);
    script.close();
    return std::system("command -v gnuplot >/dev/null 2>&1") == 0 &&
           std::system(("gnuplot '" + base + ".plt' 2>/dev/null").c_str()) == 0;
}

void
CellFreeStatsHelper::OnInterval(const CellFreeIntervalStats& s)
{
    m_intervals << s.time.GetSeconds() << ',' << s.numActive << ',' << s.numServed << ','
                << s.numWaiting << ',' << s.algorithm << ',' << s.computed << ','
                << s.latencySeconds << ',' << s.stale << ',' << s.minSe << ',' << s.meanSe << ','
                << s.sumSe;
    if (m_hostTimings)
    {
        m_intervals << ',' << s.runtimeSeconds;
    }
    m_intervals << '\n';
    if (m_db)
    {
        sqlite3_stmt* stmt;
        m_db->WaitPrepare(&stmt,
                          m_hostTimings ? "INSERT INTO intervals VALUES (?,?,?,?,?,?,?,?,?,?,?,?);"
                                        : "INSERT INTO intervals VALUES (?,?,?,?,?,?,?,?,?,?,?);");
        m_db->Bind(stmt, 1, s.time.GetSeconds());
        m_db->Bind(stmt, 2, s.numActive);
        m_db->Bind(stmt, 3, s.numServed);
        m_db->Bind(stmt, 4, s.numWaiting);
        m_db->Bind(stmt, 5, s.algorithm);
        m_db->Bind(stmt, 6, static_cast<uint32_t>(s.computed));
        m_db->Bind(stmt, 7, s.latencySeconds);
        m_db->Bind(stmt, 8, static_cast<uint32_t>(s.stale));
        m_db->Bind(stmt, 9, s.minSe);
        m_db->Bind(stmt, 10, s.meanSe);
        m_db->Bind(stmt, 11, s.sumSe);
        if (m_hostTimings)
        {
            m_db->Bind(stmt, 12, s.runtimeSeconds);
        }
        m_db->SpinExec(stmt);
    }
}

void
CellFreeStatsHelper::OnUe(const CellFreeUeStats& s)
{
    m_ues << s.time.GetSeconds() << ',' << s.ueId << ',' << s.pilot << ',' << ToDb(s.sinr) << ','
          << s.se << ',' << s.rate / 1e6 << ',' << s.served << ',' << s.clusterSize << '\n';
    if (m_db)
    {
        sqlite3_stmt* stmt;
        m_db->WaitPrepare(&stmt, "INSERT INTO ues VALUES (?,?,?,?,?,?,?,?);");
        m_db->Bind(stmt, 1, s.time.GetSeconds());
        m_db->Bind(stmt, 2, s.ueId);
        m_db->Bind(stmt, 3, s.pilot);
        m_db->Bind(stmt, 4, ToDb(s.sinr));
        m_db->Bind(stmt, 5, s.se);
        m_db->Bind(stmt, 6, s.rate / 1e6);
        m_db->Bind(stmt, 7, static_cast<uint32_t>(s.served));
        m_db->Bind(stmt, 8, s.clusterSize);
        m_db->SpinExec(stmt);
    }
}

void
CellFreeStatsHelper::OnEvent(const std::string& event, Time time, uint32_t ue, int pilot)
{
    m_events << time.GetSeconds() << ',' << event << ',' << ue << ',' << pilot << '\n';
    if (m_db)
    {
        sqlite3_stmt* stmt;
        m_db->WaitPrepare(&stmt, "INSERT INTO events VALUES (?,?,?,?);");
        m_db->Bind(stmt, 1, time.GetSeconds());
        m_db->Bind(stmt, 2, event);
        m_db->Bind(stmt, 3, ue);
        m_db->Bind(stmt, 4, pilot);
        m_db->SpinExec(stmt);
    }
}

} // namespace ns3
