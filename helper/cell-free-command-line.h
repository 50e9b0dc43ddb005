/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CELL_FREE_COMMAND_LINE_H
#define CELL_FREE_COMMAND_LINE_H

#include "ns3/attribute.h"
#include "ns3/command-line.h"

#include <functional>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <type_traits>

namespace ns3
{

/**
 * \ingroup cell-free
 * \brief ns-3's CommandLine with every argument checked first, so that a bad flag gives a
 * one-line error naming it (doc/cell-free.rst, "Command-line tools") instead of the full help
 * and exit code 1, and a value such as "-1" for an unsigned flag or "3abc" for an integer is
 * refused rather than wrapped or truncated.
 *
 * Parse() checks every argument before handing them to CommandLine::Parse: the program's own
 * flags (syntax of their type, and the range if one was given), attribute paths
 * (--ns3::Type::Attribute=value) and global values (--RngRun=3) against their attribute checker,
 * and refuses unknown flags and positional arguments. ns-3's own --PrintHelp, --help,
 * --PrintGlobals, --PrintGroups, --PrintGroup, --PrintTypeIds, --PrintAttributes and
 * --PrintVersion pass through unchanged.
 */
class CellFreeCommandLine
{
  public:
    /**
     * \param filename the program's source file (__FILE__), as for CommandLine
     */
    explicit CellFreeCommandLine(const std::string& filename);

    /**
     * \param usage the program's description, as for CommandLine::Usage
     */
    void Usage(const std::string& usage);

    /**
     * \brief A flag whose text must parse as T (integers exactly, within T's range; numbers
     * finite; booleans true, false, t, f, 1, 0 or empty).
     * \tparam T the value type
     * \param name the flag, without dashes
     * \param help its help text
     * \param value where the value goes (and its default)
     */
    template <typename T>
    void AddValue(const std::string& name, const std::string& help, T& value);

    /**
     * \brief A numeric flag that must also lie in [min, max].
     * \tparam T the value type (integral or floating point)
     * \param name the flag, without dashes
     * \param help its help text
     * \param value where the value goes (and its default)
     * \param min the smallest accepted value
     * \param max the largest accepted value
     */
    template <typename T>
    void AddValue(const std::string& name, const std::string& help, T& value, T min, T max);

    /**
     * \brief A short flag for an attribute's default (CommandLine::AddValue(name, path)): the
     * value is checked by the attribute's checker.
     * \param name the flag, without dashes
     * \param attributePath e.g. "ns3::CellFreeUeActivityModel::ArrivalRate"
     */
    void AddAttributeAlias(const std::string& name, const std::string& attributePath);

    /**
     * \brief Check every argument, then parse them with CommandLine::Parse.
     * \param argc argument count
     * \param argv arguments
     * \return an empty string, or a one-line message naming the first bad argument
     */
    std::string Parse(int argc, char* argv[]);

    /**
     * \param name a flag or attribute path, without dashes
     * \return whether it was given on the command line (valid after Parse)
     */
    bool IsGiven(const std::string& name) const;

    /**
     * \brief Check an attribute path or global value assignment as CommandLine would apply it.
     * \param name "ns3::Type::Attribute" or a global value's name
     * \param value the text
     * \return an empty string, or a one-line message
     */
    static std::string CheckAttribute(const std::string& name, const std::string& value);

    /**
     * \brief Check that a directory exists or can be created and that a file can be created in
     * it (by creating and removing one), so that a run does not end in a write error.
     * \param directory the directory (empty: the current directory)
     * \return an empty string, or a one-line message naming the directory
     */
    static std::string CheckWritableDirectory(const std::string& directory);

    /**
     * \brief Print "program: error: message" on one line of standard error.
     * \param program the program name
     * \param message the message
     * \return 2, the exit code for bad input
     */
    static int Fail(const std::string& program, const std::string& message);

  private:
    /// A check of a flag's text: empty, or why it is refused.
    using Check = std::function<std::string(const std::string&)>;

    /**
     * \brief Check the text of an attribute or global value: its syntax for the common value
     * types (whose parsers abort on malformed text), then the checker's range.
     * \param checker the attribute's checker
     * \param value the text
     * \return an empty string, or the message (without the name)
     */
    static std::string CheckValueText(const AttributeChecker& checker, const std::string& value);

    /**
     * \brief Whether text parses exactly as T, and to what.
     * \tparam T the type
     * \param text the text
     * \param[out] value the value
     * \return an empty string, or the message (without the flag's name)
     */
    template <typename T>
    static std::string ParseText(const std::string& text, T& value);

    /**
     * \brief Parse text as an integer in [min, max] (no sign for unsigned types).
     * \param text the text
     * \param isSigned whether a sign is allowed
     * \param min smallest value
     * \param max largest value
     * \param[out] value the value, as a long double (exact for 64-bit integers up to 2^64)
     * \return an empty string, or the message
     */
    static std::string ParseInteger(const std::string& text,
                                    bool isSigned,
                                    long double min,
                                    long double max,
                                    long double& value);

    /**
     * \brief Parse text as a finite number.
     * \param text the text
     * \param[out] value the value
     * \return an empty string, or the message
     */
    static std::string ParseNumber(const std::string& text, double& value);

    /**
     * \brief Parse text as a boolean the way CommandLine does.
     * \param text the text
     * \return an empty string, or the message
     */
    static std::string ParseBool(const std::string& text);

    CommandLine m_cmd;                     //!< the ns-3 parser
    std::map<std::string, Check> m_checks; //!< the program's flags and how to check them
    std::set<std::string> m_given;         //!< names seen on the command line
};

template <typename T>
std::string
CellFreeCommandLine::ParseText(const std::string& text, T& value)
{
    if constexpr (std::is_same_v<T, bool>)
    {
        return ParseBool(text);
    }
    else if constexpr (std::is_integral_v<T>)
    {
        long double parsed = 0;
        const std::string error = ParseInteger(text,
                                               std::is_signed_v<T>,
                                               std::numeric_limits<T>::min(),
                                               std::numeric_limits<T>::max(),
                                               parsed);
        value = static_cast<T>(parsed);
        return error;
    }
    else if constexpr (std::is_floating_point_v<T>)
    {
        double parsed = 0;
        const std::string error = ParseNumber(text, parsed);
        value = static_cast<T>(parsed);
        return error;
    }
    else
    {
        return {}; // strings and other types: CommandLine's own parsing
    }
}

template <typename T>
void
CellFreeCommandLine::AddValue(const std::string& name, const std::string& help, T& value)
{
    m_cmd.AddValue(name, help, value);
    m_checks[name] = [](const std::string& text) {
        T parsed{};
        return ParseText<T>(text, parsed);
    };
}

template <typename T>
void
CellFreeCommandLine::AddValue(const std::string& name,
                              const std::string& help,
                              T& value,
                              T min,
                              T max)
{
    static_assert(std::is_arithmetic_v<T> && !std::is_same_v<T, bool>, "a numeric flag");
    m_cmd.AddValue(name, help, value);
    m_checks[name] = [min, max](const std::string& text) {
        T parsed{};
        std::string error = ParseText<T>(text, parsed);
        if (error.empty() && (parsed < min || parsed > max))
        {
            std::ostringstream message;
            message << "'" << text << "' is out of range [" << min << ", " << max << "]";
            error = message.str();
        }
        return error;
    };
}

} // namespace ns3

#endif // CELL_FREE_COMMAND_LINE_H
