/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup cell-free-tests
 * Checks the system model against test/data/se-vectors.json, reference values computed in double
 * precision by an independent implementation of doc/cell-free.rst: gamma ("Pilots and MMSE channel
 * estimation"), SINR and SE ("Downlink conjugate beamforming and spectral efficiency") for a
 * given eta, and the same under EPA. The file is an array of cases
 * \verbatim
     {"scenario": {"N", "tauP", "tauC", "rhoD", "rhoP", "beta": M x K, "pilot": K,
                   "downlinkShare" (optional, default 1)},
      "eta": M x K,
      "expected": {"gamma": M x K, "sinr": K, "se": K, "epa": {"eta": M x K, "sinr", "se"}}}
   \endverbatim
 * with matrices as arrays of rows.
 */

#include "ns3/cell-free-channel-estimation.h"
#include "ns3/cell-free-scenario.h"
#include "ns3/cell-free-spectral-efficiency.h"
#include "ns3/log.h"
#include "ns3/test.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("CellFreeReferenceVectorsTest");

namespace
{

/// Relative agreement asked of every reference value (the reference is exact to ~1e-15).
constexpr double kRelativeTolerance = 1e-9;

/// Largest relative difference between two arrays, and where it occurs.
struct RelativeError
{
    double value{0.0};   //!< max |actual - expected| / |expected|
    Eigen::Index row{0}; //!< row of the maximum
    Eigen::Index col{0}; //!< column of the maximum
};

/**
 * \param actual computed values
 * \param expected reference values (same shape)
 * \return the largest relative error; +infinity when a value is not finite
 */
RelativeError
MaxRelativeError(const Eigen::MatrixXd& actual, const Eigen::MatrixXd& expected)
{
    RelativeError error;
    for (Eigen::Index i = 0; i < expected.rows(); ++i)
    {
        for (Eigen::Index j = 0; j < expected.cols(); ++j)
        {
            const double scale = std::max(std::abs(expected(i, j)), 1e-300);
            double relative = std::abs(actual(i, j) - expected(i, j)) / scale;
            if (!std::isfinite(actual(i, j)) || !std::isfinite(relative))
            {
                relative = std::numeric_limits<double>::infinity();
            }
            if (relative > error.value || std::isinf(relative))
            {
                error = {relative, i, j};
            }
        }
    }
    return error;
}

/// \return a matrix from an array of equal-length rows (json::exception on bad input)
Eigen::MatrixXd
MatrixFrom(const nlohmann::json& value)
{
    const auto rows = static_cast<Eigen::Index>(value.size());
    const auto cols = rows == 0 ? 0 : static_cast<Eigen::Index>(value.at(0).size());
    Eigen::MatrixXd matrix(rows, cols);
    for (Eigen::Index i = 0; i < rows; ++i)
    {
        const nlohmann::json& row = value.at(i);
        if (static_cast<Eigen::Index>(row.size()) != cols)
        {
            throw std::runtime_error("ragged matrix (row " + std::to_string(i) + ")");
        }
        for (Eigen::Index j = 0; j < cols; ++j)
        {
            matrix(i, j) = row.at(j).get<double>();
        }
    }
    return matrix;
}

/// \return a column vector from an array of numbers
Eigen::VectorXd
VectorFrom(const nlohmann::json& value)
{
    Eigen::VectorXd vector(value.size());
    for (std::size_t i = 0; i < value.size(); ++i)
    {
        vector(static_cast<Eigen::Index>(i)) = value.at(i).get<double>();
    }
    return vector;
}

/// \return the scenario of one case, parsed here independently of the module's JSON helper
CellFreeScenario
ScenarioFrom(const nlohmann::json& value)
{
    CellFreeScenario scenario;
    scenario.numAntennas = value.at("N").get<int>();
    scenario.numPilots = value.at("tauP").get<int>();
    scenario.coherenceSamples = value.at("tauC").get<int>();
    scenario.rhoD = value.at("rhoD").get<double>();
    scenario.rhoP = value.at("rhoP").get<double>();
    scenario.downlinkShare = value.value("downlinkShare", 1.0);
    scenario.beta = MatrixFrom(value.at("beta"));
    scenario.pilot = value.at("pilot").get<std::vector<int>>();
    return scenario;
}

} // namespace

/**
 * \ingroup cell-free-tests
 * \brief Every case of se-vectors.json: gamma, SINR and SE for the given eta and under EPA.
 */
class CellFreeReferenceVectorsTestCase : public TestCase
{
  public:
    CellFreeReferenceVectorsTestCase();

  private:
    void DoRun() override;

    /// \return the path of the data file
    std::string DataFilePath();

    /**
     * \brief Check one reference case.
     * \param index the case's position in the file (for messages)
     * \param value the case
     */
    void CheckCase(std::size_t index, const nlohmann::json& value);

    /**
     * \brief Fail unless actual matches expected to kRelativeTolerance.
     * \param actual computed values
     * \param expected reference values
     * \param what a label for messages
     */
    void CheckClose(const Eigen::MatrixXd& actual,
                    const Eigen::MatrixXd& expected,
                    const std::string& what);
};

CellFreeReferenceVectorsTestCase::CellFreeReferenceVectorsTestCase()
    : TestCase("gamma, SINR and SE match independently computed reference vectors")
{
    SetDataDir(NS_TEST_SOURCEDIR);
}

std::string
CellFreeReferenceVectorsTestCase::DataFilePath()
{
    const std::string file = "data/se-vectors.json";
    const std::string sourceDir = NS_TEST_SOURCEDIR;
    // Inside an ns-3 tree NS_TEST_SOURCEDIR is relative to the tree's top (which the runner
    // finds through its VERSION and LICENSE files). The standalone build defines it as an
    // absolute path, which CreateDataDirFilename would wrongly prefix with that top directory
    // (or abort when there is none), so absolute paths are used as they are.
    if (!sourceDir.empty() && sourceDir.front() == '/')
    {
        return sourceDir + "/" + file;
    }
    return CreateDataDirFilename(file);
}

void
CellFreeReferenceVectorsTestCase::CheckClose(const Eigen::MatrixXd& actual,
                                             const Eigen::MatrixXd& expected,
                                             const std::string& what)
{
    // ns-3's ASSERT macros return only under --stop-on-failure, hence the explicit returns.
    const bool sameShape = actual.rows() == expected.rows() && actual.cols() == expected.cols();
    NS_TEST_ASSERT_MSG_EQ(sameShape,
                          true,
                          what << ": computed " << actual.rows() << "x" << actual.cols()
                               << ", reference " << expected.rows() << "x" << expected.cols());
    if (!sameShape)
    {
        return;
    }
    const RelativeError error = MaxRelativeError(actual, expected);
    NS_LOG_INFO(what << ": max relative error " << error.value);
    NS_TEST_EXPECT_MSG_LT_OR_EQ(error.value,
                                kRelativeTolerance,
                                what << ": entry (" << error.row << ", " << error.col << ") is "
                                     << actual(error.row, error.col) << ", reference "
                                     << expected(error.row, error.col));
}

void
CellFreeReferenceVectorsTestCase::CheckCase(std::size_t index, const nlohmann::json& value)
{
    const std::string label = "case " + std::to_string(index);
    CellFreeScenario scenario;
    Eigen::MatrixXd eta;
    Eigen::MatrixXd expectedGamma;
    Eigen::VectorXd expectedSinr;
    Eigen::VectorXd expectedSe;
    Eigen::MatrixXd expectedEpaEta;
    Eigen::VectorXd expectedEpaSinr;
    Eigen::VectorXd expectedEpaSe;
    std::string parseError;
    try
    {
        scenario = ScenarioFrom(value.at("scenario"));
        eta = MatrixFrom(value.at("eta"));
        const nlohmann::json& expected = value.at("expected");
        expectedGamma = MatrixFrom(expected.at("gamma"));
        expectedSinr = VectorFrom(expected.at("sinr"));
        expectedSe = VectorFrom(expected.at("se"));
        expectedEpaEta = MatrixFrom(expected.at("epa").at("eta"));
        expectedEpaSinr = VectorFrom(expected.at("epa").at("sinr"));
        expectedEpaSe = VectorFrom(expected.at("epa").at("se"));
    }
    catch (const std::exception& e)
    {
        parseError = e.what();
    }
    NS_TEST_ASSERT_MSG_EQ(parseError, "", label << ": malformed reference case");
    if (!parseError.empty())
    {
        return;
    }
    const std::string invalid = scenario.Validate();
    NS_TEST_ASSERT_MSG_EQ(invalid, "", label << ": invalid scenario");
    const bool etaShapeOk = eta.rows() == scenario.NumAps() && eta.cols() == scenario.NumUes();
    NS_TEST_ASSERT_MSG_EQ(etaShapeOk, true, label << ": eta is not M x K");
    if (!invalid.empty() || !etaShapeOk)
    {
        return;
    }
    NS_LOG_INFO(label << ": M=" << scenario.NumAps() << " K=" << scenario.NumUes()
                      << " N=" << scenario.numAntennas << " tauP=" << scenario.numPilots);

    const CellFreeChannelEstimates estimates = EstimateChannels(scenario);
    CheckClose(estimates.gamma, expectedGamma, label + " gamma");

    // Given eta: mu = sqrt(eta gamma) ([Far21] variables), SINR and SE.
    NS_TEST_ASSERT_MSG_EQ(IsFeasiblePowerAllocation(scenario, estimates, eta, 1e-6),
                          true,
                          label << ": the reference eta should be feasible");
    const Eigen::VectorXd sinr =
        ComputeDownlinkSinr(scenario, estimates, PowerToAmplitude(eta, estimates.gamma));
    CheckClose(sinr, expectedSinr, label + " SINR");
    CheckClose(ComputeSpectralEfficiency(scenario, sinr), expectedSe, label + " SE");

    // EPA: eta_mk = 1 / (N sum_k' gamma_mk').
    const Eigen::MatrixXd epaEta = EqualPowerAllocation(scenario, estimates);
    CheckClose(epaEta, expectedEpaEta, label + " EPA eta");
    const Eigen::VectorXd epaSinr =
        ComputeDownlinkSinr(scenario, estimates, PowerToAmplitude(epaEta, estimates.gamma));
    CheckClose(epaSinr, expectedEpaSinr, label + " EPA SINR");
    CheckClose(ComputeSpectralEfficiency(scenario, epaSinr), expectedEpaSe, label + " EPA SE");
}

void
CellFreeReferenceVectorsTestCase::DoRun()
{
    const std::string path = DataFilePath();
    std::ifstream file(path);
    NS_TEST_ASSERT_MSG_EQ(file.is_open(),
                          true,
                          "cannot open the reference data " << path
                                                            << " (copy it into test/data/)");
    if (!file.is_open())
    {
        return; // ASSERT macros return only under --stop-on-failure
    }

    nlohmann::json cases;
    std::string parseError;
    try
    {
        file >> cases;
    }
    catch (const nlohmann::json::exception& e)
    {
        parseError = e.what();
    }
    NS_TEST_ASSERT_MSG_EQ(parseError, "", "cannot parse " << path);
    NS_TEST_ASSERT_MSG_EQ(cases.is_array(), true, path << " should hold an array of cases");
    if (!parseError.empty() || !cases.is_array())
    {
        return;
    }
    NS_TEST_ASSERT_MSG_GT(cases.size(), std::size_t{0}, path << " holds no case");

    for (std::size_t i = 0; i < cases.size(); ++i)
    {
        CheckCase(i, cases[i]);
    }
}

/**
 * \ingroup cell-free-tests
 * \brief The reference-vector test suite.
 */
class CellFreeReferenceVectorsTestSuite : public TestSuite
{
  public:
    CellFreeReferenceVectorsTestSuite();
};

CellFreeReferenceVectorsTestSuite::CellFreeReferenceVectorsTestSuite()
    : TestSuite("cell-free-reference-vectors", TestSuite::Type::UNIT)
{
    AddTestCase(new CellFreeReferenceVectorsTestCase);
}

/// Static instance that registers the suite.
static CellFreeReferenceVectorsTestSuite g_cellFreeReferenceVectorsTestSuite;
