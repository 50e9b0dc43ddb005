/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The standalone build's test runner: ns-3's TestRunner over the suites compiled into this
// program (--list, --suite=NAME, --verbose, --help). Inside an ns-3 tree, ns-3's own
// test-runner and test.py run the same suites.

#include "ns3/log.h"
#include "ns3/test.h"

NS_LOG_COMPONENT_DEFINE("CellFreeTestRunner");

int
main(int argc, char* argv[])
{
    return ns3::TestRunner::Run(argc, argv);
}
