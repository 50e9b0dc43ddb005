/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cell-free-command-line.h"

#include "ns3/global-value.h"
#include "ns3/log.h"
#include "ns3/string.h"
#include "ns3/type-id.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <sys/stat.h>
#include <unistd.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CellFreeCommandLine");

namespace
{

/// ns-3's own options, handled by CommandLine::Parse.
bool
IsBuiltInOption(const std::string& name)
{
    static const std::set<std::string> names = {"PrintHelp",
                                                "help",
                                                "PrintVersion",
                                                "version",
                                                "PrintGlobals",
                                                "PrintGroups",
                                                "PrintGroup",
                                                "PrintTypeIds",
                                                "PrintAttributes"};
    return names.count(name) > 0;
}

/// Quote text for a message, with control characters shown as '?', so it stays one line.
std::string
Quote(const std::string& text)
{
    std::string shown = text;
    std::replace_if(
        shown.begin(),
        shown.end(),
        [](char c) { return static_cast<unsigned char>(c) < 0x20; },
        '?');
    return "'" + shown + "'";
}

} // namespace

CellFreeCommandLine::CellFreeCommandLine(const std::string& filename)
    : m_cmd(filename)
{
}

void
CellFreeCommandLine::Usage(const std::string& usage)
{
    m_cmd.Usage(usage);
}

void
CellFreeCommandLine::AddAttributeAlias(const std::string& name, const std::string& attributePath)
{
    m_cmd.AddValue(name, attributePath);
    m_checks[name] = [attributePath](const std::string& text) {
        std::string error = CheckAttribute(attributePath, text);
        // CheckAttribute names the path; the flag's name is added by Parse.
        const std::string prefix = "--" + attributePath + ": ";
        if (error.compare(0, prefix.size(), prefix) == 0)
        {
            error = error.substr(prefix.size()) + " (" + attributePath + ")";
        }
        return error;
    };
}

std::string
CellFreeCommandLine::Parse(int argc, char* argv[])
{
    m_given.clear();
    for (int i = 1; i < argc; ++i)
    {
        const std::string argument = argv[i];
        if (argument.empty() || argument[0] != '-')
        {
            return "unexpected argument " + Quote(argument) + " (flags are --name=value)";
        }
        const std::size_t dashes = argument.compare(0, 2, "--") == 0 ? 2 : 1;
        const std::size_t equals = argument.find('=');
        const std::string name = argument.substr(dashes, equals - dashes);
        const std::string value = equals == std::string::npos ? "" : argument.substr(equals + 1);
        if (name.empty())
        {
            return "unexpected argument " + Quote(argument) + " (flags are --name=value)";
        }
        m_given.insert(name);
        if (IsBuiltInOption(name))
        {
            continue;
        }
        const auto check = m_checks.find(name);
        std::string error;
        if (check != m_checks.end())
        {
            error = check->second(value);
            if (!error.empty())
            {
                return "--" + name + ": " + error;
            }
            continue;
        }
        error = CheckAttribute(name, value);
        if (!error.empty())
        {
            return error;
        }
    }
    m_cmd.Parse(argc, argv);
    return {};
}

bool
CellFreeCommandLine::IsGiven(const std::string& name) const
{
    return m_given.count(name) > 0;
}

std::string
CellFreeCommandLine::CheckValueText(const AttributeChecker& checker, const std::string& value)
{
    // ns-3's value classes abort on text they cannot parse (e.g. DoubleValue on "abc"), so the
    // syntax of the common ones is checked here first; the checker then checks the range.
    // Hand-written checkers name "ns3::DoubleValue", ATTRIBUTE_HELPER ones "QueueSizeValue".
    std::string type = checker.GetValueTypeName();
    if (type.compare(0, 5, "ns3::") != 0)
    {
        type = "ns3::" + type;
    }
    std::string error;
    if (type == "ns3::DoubleValue")
    {
        double parsed;
        error = ParseNumber(value, parsed);
    }
    else if (type == "ns3::IntegerValue" || type == "ns3::UintegerValue")
    {
        long double parsed;
        error = type == "ns3::IntegerValue"
                    ? ParseInteger(value,
                                   true,
                                   std::numeric_limits<int64_t>::min(),
                                   std::numeric_limits<int64_t>::max(),
                                   parsed)
                    : ParseInteger(value, false, 0, std::numeric_limits<uint64_t>::max(), parsed);
    }
    else if (type == "ns3::TimeValue")
    {
        // A number and an optional unit, as Time(std::string) reads it.
        static const std::set<std::string> units =
            {"", "s", "ms", "us", "ns", "ps", "fs", "min", "h", "d", "y"};
        const std::size_t unit = value.find_first_not_of("+-0123456789.eE");
        double parsed;
        if (!ParseNumber(value.substr(0, unit), parsed).empty() ||
            units.count(unit == std::string::npos ? "" : value.substr(unit)) == 0)
        {
            error = Quote(value) + " is not a time (a number and a unit: s, ms, us, ns, ...)";
        }
    }
    else if (type == "ns3::QueueSizeValue")
    {
        const std::size_t unit = value.find_first_not_of("0123456789");
        static const std::set<std::string> units =
            {"p", "B", "kB", "KB", "KiB", "MB", "MiB", "GB", "GiB", "kp", "Kp", "Kip", "Mp", "Mip"};
        if (unit == 0 || unit == std::string::npos || units.count(value.substr(unit)) == 0)
        {
            error = Quote(value) + " is not a queue size (e.g. 100p or 64KB)";
        }
    }
    else if (type != "ns3::BooleanValue" && type != "ns3::EnumValue" &&
             type != "ns3::StringValue" && type != "ns3::DataRateValue")
    {
        return {}; // left to CommandLine::Parse
    }
    if (error.empty() && !checker.CreateValidValue(StringValue(value)))
    {
        error = Quote(value) + " is not a valid value";
    }
    return error;
}

std::string
CellFreeCommandLine::CheckAttribute(const std::string& name, const std::string& value)
{
    const std::size_t separator = name.rfind("::");
    if (name.compare(0, 5, "ns3::") == 0 && separator != std::string::npos && separator > 5)
    {
        const std::string typeName = name.substr(0, separator);
        const std::string attribute = name.substr(separator + 2);
        TypeId tid;
        if (!TypeId::LookupByNameFailSafe(typeName, &tid))
        {
            return "--" + name + ": no such type " + Quote(typeName);
        }
        TypeId::AttributeInformation info;
        if (!tid.LookupAttributeByName(attribute, &info))
        {
            return "--" + name + ": " + Quote(typeName) + " has no attribute " + Quote(attribute);
        }
        if (!(info.flags & TypeId::ATTR_CONSTRUCT))
        {
            return "--" + name + ": the attribute cannot be set as a default";
        }
        const std::string error = CheckValueText(*info.checker, value);
        return error.empty()
                   ? std::string()
                   : "--" + name + ": " + error + " (see --PrintAttributes=" + typeName + ")";
    }
    for (auto it = GlobalValue::Begin(); it != GlobalValue::End(); ++it)
    {
        if ((*it)->GetName() == name)
        {
            const std::string error = CheckValueText(*(*it)->GetChecker(), value);
            return error.empty() ? std::string()
                                 : "--" + name + ": " + error + " (see --PrintGlobals)";
        }
    }
    return "--" + name + ": unknown flag (see --PrintHelp)";
}

std::string
CellFreeCommandLine::CheckWritableDirectory(const std::string& directory)
{
    const std::string dir = directory.empty() ? "." : directory;
    // Create the missing parents, one level at a time.
    for (std::size_t end = dir.find('/', 1);; end = dir.find('/', end + 1))
    {
        const std::string prefix = dir.substr(0, end);
        if (!prefix.empty() && ::mkdir(prefix.c_str(), 0777) != 0 && errno != EEXIST)
        {
            return "cannot create directory '" + prefix + "': " + std::strerror(errno);
        }
        if (end == std::string::npos)
        {
            break;
        }
    }
    struct stat info;
    if (::stat(dir.c_str(), &info) != 0 || !S_ISDIR(info.st_mode))
    {
        return "'" + dir + "' is not a directory";
    }
    std::string probe = dir + "/.cell-free-write-test-XXXXXX";
    const int fd = ::mkstemp(probe.data());
    if (fd < 0)
    {
        return "cannot write in directory '" + dir + "': " + std::strerror(errno);
    }
    ::close(fd);
    ::unlink(probe.c_str());
    return {};
}

int
CellFreeCommandLine::Fail(const std::string& program, const std::string& message)
{
    std::string line = message;
    std::replace(line.begin(), line.end(), '\n', ' ');
    std::cerr << program << ": error: " << line << std::endl;
    return 2;
}

std::string
CellFreeCommandLine::ParseInteger(const std::string& text,
                                  bool isSigned,
                                  long double min,
                                  long double max,
                                  long double& value)
{
    const std::string kind = isSigned ? "an integer" : "a non-negative integer";
    const char* begin = text.c_str();
    char* end = nullptr;
    errno = 0;
    if (text.empty() || std::isspace(static_cast<unsigned char>(text[0])) ||
        (!isSigned && text[0] == '-'))
    {
        return Quote(text) + " is not " + kind;
    }
    if (isSigned)
    {
        value = std::strtoll(begin, &end, 10);
    }
    else
    {
        value = std::strtoull(begin, &end, 10);
    }
    if (end == begin || *end != '\0')
    {
        return Quote(text) + " is not " + kind;
    }
    if (errno == ERANGE || value < min || value > max)
    {
        std::ostringstream message;
        message << Quote(text) << " is out of range [" << static_cast<long long>(min) << ", "
                << static_cast<unsigned long long>(max) << "]";
        return message.str();
    }
    return {};
}

std::string
CellFreeCommandLine::ParseNumber(const std::string& text, double& value)
{
    const char* begin = text.c_str();
    char* end = nullptr;
    if (text.empty() || std::isspace(static_cast<unsigned char>(text[0])))
    {
        return Quote(text) + " is not a number";
    }
    value = std::strtod(begin, &end);
    if (end == begin || *end != '\0')
    {
        return Quote(text) + " is not a number";
    }
    if (!std::isfinite(value))
    {
        return Quote(text) + " is not a finite number";
    }
    return {};
}

std::string
CellFreeCommandLine::ParseBool(const std::string& text)
{
    std::string lower = text;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    static const std::set<std::string> accepted = {"", "true", "t", "1", "false", "f", "0"};
    if (accepted.count(lower) == 0)
    {
        return Quote(text) + " is not a boolean (true or false)";
    }
    return {};
}

} // namespace ns3
