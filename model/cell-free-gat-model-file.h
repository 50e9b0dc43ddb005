/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CELL_FREE_GAT_MODEL_FILE_H
#define CELL_FREE_GAT_MODEL_FILE_H

#include "cell-free-scenario.h"

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup cell-free
 * \brief Sizes of the GAT (doc/cell-free.rst, "The GAT"); they fix the set of parameters and
 * every parameter's shape (CellFreeGatModelFile::ExpectedShapes).
 */
struct CellFreeGatArchitecture
{
    int width{16}; //!< d, the width of every node representation
    int heads{4};  //!< attention heads per aggregation (must divide width)
    int layers{3}; //!< attention layers

    /// \return an empty string when the sizes are usable, else what is wrong
    std::string Check() const;
};

/**
 * \ingroup cell-free
 * \brief The range of scenarios a model was trained on (its "operating envelope"), in quantities
 * that a scenario itself carries (no area or preset name): GatPowerControl warns when a
 * scenario falls outside it. An empty range (min > max) is not checked.
 */
struct CellFreeGatEnvelope
{
    int minAps{1};                //!< smallest M trained on
    int maxAps{0};                //!< largest M trained on
    int minAntennas{1};           //!< smallest N
    int maxAntennas{0};           //!< largest N
    int minUes{1};                //!< smallest K
    int maxUes{0};                //!< largest K
    double maxUesPerAp{0.0};      //!< largest K / M
    int maxPilotGroup{0};         //!< largest number of UEs on one pilot
    double minDownlinkSnrDb{1.0}; //!< smallest median over UEs of rho_d N max_m beta_mk (dB)
    double maxDownlinkSnrDb{0.0}; //!< largest such median
    double minPilotSnrDb{1.0};    //!< smallest median over UEs of tau_p rho_p max_m beta_mk (dB)
    double maxPilotSnrDb{0.0};    //!< largest such median

    /**
     * \brief The quantities of one scenario (every range collapsed to its value).
     * \param scenario a valid scenario with at least one UE
     * \param bestGain each UE's largest beta when the caller has them (CellFreeGatGraph::bestGain),
     * else nullptr: read from beta
     * \return the envelope of that scenario alone
     */
    static CellFreeGatEnvelope Of(const CellFreeScenario& scenario,
                                  const std::vector<double>* bestGain = nullptr);

    /**
     * \brief Widen this envelope to include another one.
     * \param other the envelope to include
     */
    void Include(const CellFreeGatEnvelope& other);

    /**
     * \brief Whether a scenario lies inside (ranges with min > max are not checked).
     * \param scenario a valid scenario
     * \param bestGain as for Of()
     * \return an empty string, or the first quantity outside, with its value and the range
     */
    std::string Violation(const CellFreeScenario& scenario,
                          const std::vector<double>* bestGain = nullptr) const;
};

/**
 * \ingroup cell-free
 * \brief What a model file says about itself.
 */
struct CellFreeGatMetadata
{
    int formatVersion{0};                 //!< file format; see CellFreeGatModelFile
    CellFreeGatArchitecture architecture; //!< sizes
    std::vector<double> featureMean;      //!< per-feature mean used to normalise the inputs
    std::vector<double> featureStd;       //!< per-feature standard deviation
    std::string utility{"min"};           //!< utility trained for: min, sum or pf
    double smoothing{0.0};                //!< t of the smoothed minimum used in training
    std::string preset;                   //!< training scenario family ("envelope" or a preset)
    CellFreeGatEnvelope envelope;         //!< what the training scenarios covered
    int64_t steps{0};                     //!< optimiser steps taken
    uint64_t seed{0};                     //!< training seed
    std::string command;                  //!< the command line that trained it
};

/**
 * \ingroup cell-free
 * \brief One learned tensor: a shape and its values in row-major order.
 */
struct CellFreeGatTensor
{
    std::vector<int64_t> shape; //!< sizes per dimension
    std::vector<float> values;  //!< row-major values, as many as the shape's product
};

/**
 * \ingroup cell-free
 * \brief A GAT model file: metadata and named tensors, read and written without LibTorch.
 *
 * The file is a JSON document (format "ns3-cell-free-gat", version kFormatVersion):
 * `{"format", "formatVersion", "metadata": {...}, "parameters": {name: {"shape": [..],
 * "values": [..]}}, "checksum": "crc32:XXXXXXXX"}`. Nothing in it is trusted: Read checks the
 * metadata's fields and ranges, that the parameters are exactly the architecture's (none missing,
 * none extra), that every shape is the expected one and the value count its product, that every
 * value is finite, and a CRC-32 over the metadata and the tensors' bytes (so that a flipped digit
 * is caught, not loaded as a different model). Write goes through a temporary file renamed on
 * success, so a failed write never leaves a half-written model.
 */
class CellFreeGatModelFile
{
  public:
    /// The format this code reads and writes (version 1 was a LibTorch archive).
    static constexpr int kFormatVersion = 2;

    CellFreeGatMetadata metadata;                        //!< metadata
    std::map<std::string, CellFreeGatTensor> parameters; //!< learned tensors by name

    /**
     * \brief The parameters of an architecture and their shapes, in a fixed order.
     * \param architecture valid sizes (CellFreeGatArchitecture::Check)
     * \return (name, shape) pairs
     */
    static std::vector<std::pair<std::string, std::vector<int64_t>>> ExpectedShapes(
        const CellFreeGatArchitecture& architecture);

    /**
     * \brief Check the metadata and the parameters against each other (what Read checks after
     * parsing, and Write before writing).
     * \return an empty string, or what is wrong
     */
    std::string Check() const;

    /**
     * \brief Read and check a model file.
     * \param path the file
     * \param[out] file the model
     * \param[out] error a one-line message naming the file and what is wrong
     * \return false on error (file unchanged)
     */
    static bool Read(const std::string& path, CellFreeGatModelFile& file, std::string& error);

    /**
     * \brief Parse and check a model from its text (Read without the file).
     * \param text the JSON document
     * \param[out] file the model
     * \param[out] error what is wrong (without the file name)
     * \return false on error
     */
    static bool Parse(const std::string& text, CellFreeGatModelFile& file, std::string& error);

    /// \return the JSON document, checksum included
    std::string ToText() const;

    /**
     * \brief Write the model (through a temporary file, renamed on success).
     * \param path the file
     * \param[out] error why it could not be written
     * \return false on error
     */
    bool Write(const std::string& path, std::string& error) const;

    /// \return the CRC-32 of the metadata and the tensors, as the file's "checksum" field
    std::string Checksum() const;
};

} // namespace ns3

#endif // CELL_FREE_GAT_MODEL_FILE_H
