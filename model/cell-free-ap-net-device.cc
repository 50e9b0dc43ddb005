/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cell-free-ap-net-device.h"

#include "cell-free-central-processor.h"

#include "ns3/double.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CellFreeApNetDevice");

NS_OBJECT_ENSURE_REGISTERED(CellFreeApNetDevice);

TypeId
CellFreeApNetDevice::GetTypeId()
{
    static TypeId tid = TypeId("ns3::CellFreeApNetDevice")
                            .SetParent<CellFreeNetDevice>()
                            .SetGroupName("CellFree")
                            .AddConstructor<CellFreeApNetDevice>();
    return tid;
}

CellFreeApNetDevice::CellFreeApNetDevice()
{
    NS_LOG_FUNCTION(this);
}

void
CellFreeApNetDevice::DoDispose()
{
    m_processor = nullptr;
    CellFreeNetDevice::DoDispose();
}

void
CellFreeApNetDevice::SetCentralProcessor(Ptr<CellFreeCentralProcessor> processor, uint32_t apIndex)
{
    m_processor = processor;
    m_apIndex = apIndex;
}

Ptr<CellFreeCentralProcessor>
CellFreeApNetDevice::GetCentralProcessor() const
{
    return m_processor;
}

uint32_t
CellFreeApNetDevice::GetApIndex() const
{
    return m_apIndex;
}

void
CellFreeApNetDevice::SetPowerShare(double share)
{
    m_powerShare = share;
}

double
CellFreeApNetDevice::GetPowerShare() const
{
    return m_powerShare;
}

} // namespace ns3
