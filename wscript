# -*- Mode: python; py-indent-offset: 4; indent-tabs-mode: nil; coding: utf-8; -*-
# The cell-free module for waf-based ns-3 (3.35 and older). The file lists are read from
# CMakeLists.txt, the single place they are kept, so both builds always agree.
import os
import re


def _cmake_lists(bld):
    """The set(cell_free_* ...) lists of CMakeLists.txt, as {name: [files]}."""
    text = open(os.path.join(bld.path.abspath(), 'CMakeLists.txt')).read()
    return {name: body.split()
            for name, body in re.findall(r'set\((cell_free_\w+)\s+([^)]*)\)', text)}


def configure(conf):
    # Eigen and nlohmann-json are header-only; LibTorch (Debian's libtorch-dev) has no
    # pkg-config file, so its include directories and libraries are named here.
    conf.check_cfg(package='eigen3', uselib_store='EIGEN3', args=['--cflags'], mandatory=True)
    conf.env.append_value('INCLUDES_TORCH', ['/usr/include/torch/csrc/api/include'])
    conf.env.append_value('LIB_TORCH', ['torch', 'torch_cpu', 'c10'])


def build(bld):
    lists = _cmake_lists(bld)
    module = bld.create_ns3_module('cell-free',
                                   ['core', 'network', 'mobility', 'propagation', 'stats', 'internet'])
    # The AVX2 build of the GAT kernel needs per-file flags; without them it compiles its stub.
    module.source = (lists['cell_free_model_sources'] + lists['cell_free_helper_sources'] +
                     lists['cell_free_dispatch_sources'])
    module.use.extend(['EIGEN3', 'TORCH'])
    module.defines = ['CELL_FREE_GAT_DATA_DIR="%s"' % os.path.join(bld.path.abspath(), 'data')]

    module_test = bld.create_ns3_module_test_library('cell-free')
    module_test.source = sorted(
        os.path.join('test', name)
        for name in os.listdir(os.path.join(bld.path.abspath(), 'test'))
        if name.endswith('-test.cc'))
    module_test.use.extend(['EIGEN3', 'TORCH'])

    headers = bld(features='ns3header')
    headers.module = 'cell-free'
    headers.source = lists['cell_free_model_headers'] + lists['cell_free_helper_headers']

    if bld.env.ENABLE_EXAMPLES:
        bld.recurse('examples')
