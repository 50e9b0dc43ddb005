/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CELL_FREE_NS3_COMPAT_H
#define CELL_FREE_NS3_COMPAT_H

// The one place where the module bridges differences between the ns-3 releases it supports
// (3.35 to the newest): each shim picks the call the ns-3 at hand offers, at compile time and
// without version macros (not every ns-3 build generates version-defines.h).

#include "ns3/enum.h"
#include "ns3/simulator.h"

#include <functional>
#include <string>
#include <utility>

namespace ns3
{

class SQLiteOutput;

namespace cellfreecompat
{

/// ns-3.41 and newer: MakeEnumAccessor<T>(member).
template <typename T, typename C>
auto
EnumAccessor(T C::*member, int) -> decltype(MakeEnumAccessor<T>(member))
{
    return MakeEnumAccessor<T>(member);
}

/// ns-3.40 and older: MakeEnumAccessor(member).
template <typename T, typename C>
Ptr<const AttributeAccessor>
EnumAccessor(T C::*member, long)
{
    return MakeEnumAccessor(member);
}

/// Runs a std::function: lets every ns-3 schedule a closure through a plain function pointer.
inline void
Invoke(std::function<void()> function)
{
    function();
}

/// ns-3.36 and newer: SQLiteOutput(name).
template <typename Db>
auto
CreateSQLiteOutput(const std::string& name, int) -> decltype(void(new Db(name)), Ptr<Db>())
{
    return Create<Db>(name);
}

/// ns-3.35 and older: SQLiteOutput(name, semName), a named POSIX semaphore serialising the
/// processes that write databases (one name for every database of the module).
template <typename Db>
Ptr<Db>
CreateSQLiteOutput(const std::string& name, long)
{
    return Create<Db>(name, "/ns3-cell-free-sqlite");
}

} // namespace cellfreecompat

/**
 * \ingroup cell-free
 * \brief MakeEnumAccessor for an enum (or int) data member, on every supported ns-3: the enum
 * type became a template argument in ns-3.41.
 * \param member the data member
 * \return the accessor
 */
template <typename T, typename C>
Ptr<const AttributeAccessor>
MakeCellFreeEnumAccessor(T C::*member)
{
    return cellfreecompat::EnumAccessor(member, 0);
}

/**
 * \ingroup cell-free
 * \brief Opens an ns-3 SQLiteOutput database on every supported ns-3 (ns-3.35 needs a semaphore
 * name as well). A template so that this header needs SQLite only where it is called.
 * \param name the database file
 * \return the database
 */
template <typename Db = SQLiteOutput>
Ptr<Db>
CreateCellFreeSQLiteOutput(const std::string& name)
{
    return cellfreecompat::CreateSQLiteOutput<Db>(name, 0);
}

/**
 * \ingroup cell-free
 * \brief Simulator::Schedule of a closure (lambdas are accepted directly since ns-3.36 only).
 * \param delay the delay
 * \param function what to run
 * \return the event
 */
inline EventId
CellFreeSchedule(const Time& delay, std::function<void()> function)
{
    return Simulator::Schedule(delay, &cellfreecompat::Invoke, std::move(function));
}

/**
 * \ingroup cell-free
 * \brief Simulator::ScheduleWithContext of a closure (see CellFreeSchedule).
 * \param context the node id of the event's context
 * \param delay the delay
 * \param function what to run
 */
inline void
CellFreeScheduleWithContext(uint32_t context, const Time& delay, std::function<void()> function)
{
    Simulator::ScheduleWithContext(context, delay, &cellfreecompat::Invoke, std::move(function));
}

} // namespace ns3

#endif // CELL_FREE_NS3_COMPAT_H
