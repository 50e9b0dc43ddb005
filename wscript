# -*- Mode: python; py-indent-offset: 4; indent-tabs-mode: nil; coding: utf-8; -*-
# The cell-free module for waf-based ns-3 (3.35 and older); CMakeLists.txt serves newer ns-3 and
# the standalone build. Keep the file lists in step with CMakeLists.txt.
import os


def configure(conf):
    # Eigen and nlohmann-json are header-only; find them through pkg-config.
    conf.check_cfg(package='eigen3', uselib_store='EIGEN3', args=['--cflags'], mandatory=True)
    conf.check_cfg(package='nlohmann_json', uselib_store='NLOHMANN_JSON', args=['--cflags'],
                   mandatory=False)


def build(bld):
    module = bld.create_ns3_module('cell-free', ['core', 'network', 'mobility', 'propagation'])
    module.source = [
        'model/apg-power-control.cc',
        'model/cell-free-apg-solver.cc',
        'model/cell-free-channel-estimation.cc',
        'model/cell-free-large-scale-fading-model.cc',
        'model/cell-free-link-budget.cc',
        'model/cell-free-pilot-assignment.cc',
        'model/cell-free-power-control-algorithm.cc',
        'model/cell-free-scenario.cc',
        'model/cell-free-se-evaluator.cc',
        'model/cell-free-shadowing-model.cc',
        'model/cell-free-spectral-efficiency.cc',
        'model/cell-free-utility.cc',
        'model/epa-power-control.cc',
        'model/fractional-power-control.cc',
        'model/three-slope-propagation-loss-model.cc',
        'helper/cell-free-preset.cc',
        'helper/cell-free-scenario-generator.cc',
        'helper/cell-free-scenario-json.cc',
    ]
    module.use.extend(['EIGEN3', 'NLOHMANN_JSON'])

    module_test = bld.create_ns3_module_test_library('cell-free')
    module_test.source = sorted(
        os.path.join('test', name)
        for name in os.listdir(os.path.join(bld.path.abspath(), 'test'))
        if name.endswith('-test.cc'))
    module_test.use.extend(['EIGEN3', 'NLOHMANN_JSON'])

    headers = bld(features='ns3header')
    headers.module = 'cell-free'
    headers.source = [
        'model/apg-power-control.h',
        'model/cell-free-apg-solver.h',
        'model/cell-free-channel-estimation.h',
        'model/cell-free-large-scale-fading-model.h',
        'model/cell-free-link-budget.h',
        'model/cell-free-pilot-assignment.h',
        'model/cell-free-power-control-algorithm.h',
        'model/cell-free-scenario.h',
        'model/cell-free-se-evaluator.h',
        'model/cell-free-shadowing-model.h',
        'model/cell-free-spectral-efficiency.h',
        'model/cell-free-utility.h',
        'model/epa-power-control.h',
        'model/fractional-power-control.h',
        'model/three-slope-propagation-loss-model.h',
        'helper/cell-free-preset.h',
        'helper/cell-free-scenario-generator.h',
        'helper/cell-free-scenario-json.h',
    ]

    if bld.env.ENABLE_EXAMPLES:
        bld.recurse('examples')
