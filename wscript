# -*- Mode: python; py-indent-offset: 4; indent-tabs-mode: nil; coding: utf-8; -*-
# The cell-free module for waf-based ns-3 (3.35 and older). The file lists are read from
# CMakeLists.txt, the single place they are kept, so both builds always agree.
#
# CELL_FREE_WITH_TORCH=0 in the environment of `./waf configure` builds everything but the GAT
# trainer without LibTorch, like the CMake option of the same name.
import os
import re

# The ns-3 modules the library, its tests and its examples use (LIBRARIES_TO_LINK of build_lib
# in CMakeLists.txt).
NS3_DEPENDENCIES = ['core', 'network', 'mobility', 'propagation', 'stats', 'internet',
                    'applications', 'point-to-point', 'csma', 'flow-monitor']


def _cmake_lists(bld):
    """The set(cell_free_* ...) lists of CMakeLists.txt, as {name: [files]}."""
    text = open(os.path.join(bld.path.abspath(), 'CMakeLists.txt')).read()
    return {name: body.split()
            for name, body in re.findall(r'set\((cell_free_\w+)\s+([^)]*)\)', text)}


def _ns3_includes(path):
    """The "ns3/NAME.h" headers a source file includes."""
    return re.findall(r'^\s*#\s*include\s+"ns3/([^"]+)"', open(path).read(), re.M)


def needs_torch(path):
    """Whether a source file includes the GAT trainer's header (LibTorch)."""
    return 'cell-free-gat-model.h"' in open(path).read()


def configure(conf):
    # Eigen and nlohmann-json are header-only; LibTorch (Debian's libtorch-dev) has no
    # pkg-config file, so its include directories and libraries are named here.
    conf.check_cfg(package='eigen3', uselib_store='EIGEN3', args=['--cflags'], mandatory=True)
    conf.check_cxx(header_name='nlohmann/json.hpp', mandatory=True)
    with_torch = os.environ.get('CELL_FREE_WITH_TORCH', '1').upper() not in ('0', 'OFF', 'NO')
    if with_torch:
        torch_include = '/usr/include/torch/csrc/api/include'
        if not os.path.isfile(os.path.join(torch_include, 'torch', 'torch.h')):
            conf.fatal('cell-free: LibTorch not found (libtorch-dev); configure with '
                       'CELL_FREE_WITH_TORCH=0 to build everything but the GAT trainer')
        conf.env.append_value('INCLUDES_TORCH', [torch_include])
        conf.env.append_value('LIB_TORCH', ['torch', 'torch_cpu', 'c10'])
    conf.env['CELL_FREE_WITH_TORCH'] = with_torch
    conf.msg('cell-free: GAT trainer (LibTorch)', 'yes' if with_torch else 'no (CELL_FREE_WITH_TORCH=0)')


def _check_headers_in_tree(bld, sources):
    """Every ns3/ header the module includes must come from this ns-3 tree: a header that no
    dependency provides would otherwise be taken from an installed ns-3 (e.g. Debian's
    /usr/include/ns3, another release) without a word."""
    module_dir = bld.path.abspath()
    src_dir = os.path.join(bld.srcnode.abspath(), 'src')
    provided = set()
    for name in os.listdir(os.path.join(module_dir, 'model')) + \
            os.listdir(os.path.join(module_dir, 'helper')):
        provided.add(name)
    for module in NS3_DEPENDENCIES + ['bridge', 'traffic-control', 'antenna', 'config-store']:
        provided.add('%s-module.h' % module)
        for sub in ('model', 'helper', 'utils'):
            directory = os.path.join(src_dir, module, sub)
            if os.path.isdir(directory):
                provided.update(os.listdir(directory))
    provided.update(['core-config.h', 'config-store-config.h', 'test.h'])
    missing = sorted({(header, source) for source in sources
                      for header in _ns3_includes(os.path.join(module_dir, source))
                      if header not in provided})
    if missing:
        bld.fatal('cell-free: headers not provided by this ns-3 tree (dependencies: %s): %s'
                  % (' '.join(NS3_DEPENDENCIES),
                     ', '.join('ns3/%s (%s)' % item for item in missing)))


def build(bld):
    lists = _cmake_lists(bld)
    with_torch = bld.env['CELL_FREE_WITH_TORCH']
    module = bld.create_ns3_module('cell-free', NS3_DEPENDENCIES)
    # The AVX2 builds (GAT kernel, link-model products) need per-file flags; without them they
    # compile their stubs.
    sources = (lists['cell_free_model_sources'] + lists['cell_free_helper_sources'] +
               lists['cell_free_dispatch_sources'])
    header_files = lists['cell_free_model_headers'] + lists['cell_free_helper_headers']
    if not with_torch:
        sources = [s for s in sources if s not in lists['cell_free_torch_sources']]
        header_files = [h for h in header_files if h not in lists['cell_free_torch_headers']]
    module.source = sources
    module.use.extend(['EIGEN3', 'TORCH'])
    module.defines = ['CELL_FREE_GAT_DATA_DIR="%s"' % os.path.join(bld.path.abspath(), 'data')]

    tests = sorted(os.path.join('test', name)
                   for name in os.listdir(os.path.join(bld.path.abspath(), 'test'))
                   if name.endswith('-test.cc'))
    if not with_torch:
        tests = [t for t in tests if not needs_torch(os.path.join(bld.path.abspath(), t))]
    module_test = bld.create_ns3_module_test_library('cell-free')
    module_test.source = tests
    module_test.use.extend(['EIGEN3', 'TORCH'])

    headers = bld(features='ns3header')
    headers.module = 'cell-free'
    headers.source = header_files

    examples = sorted(os.path.join('examples', name)
                      for name in os.listdir(os.path.join(bld.path.abspath(), 'examples'))
                      if name.endswith('.cc'))
    _check_headers_in_tree(bld, sources + header_files + tests + examples)

    if bld.env.ENABLE_EXAMPLES:
        bld.recurse('examples')
