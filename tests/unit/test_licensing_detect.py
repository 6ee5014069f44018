"""License detection: LICENSE/COPYING texts, SPDX tags, model card front matter, hostile files."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modelreg.licensing import (
    MAX_READ_BYTES,
    UNKNOWN,
    LicenseSource,
    find_license_sources,
    hf_license_to_spdx,
    parse_spdx,
)

# Real license texts, cut down to their title and distinctive clauses.
APACHE = """
                                 Apache License
                           Version 2.0, January 2004
                        http://www.apache.org/licenses/

   TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION
"""
MIT = """MIT License

Copyright (c) 2024 Example Corp

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.
"""
BSD_GRANT = """Copyright (c) 2024, Example Corp

Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are met:

1. Redistributions of source code must retain the above copyright notice.
2. Redistributions in binary form must reproduce the above copyright notice.
"""
BSD_3 = (
    BSD_GRANT
    + """3. Neither the name of the copyright holder nor the names of its
   contributors may be used to endorse or promote products derived from this software.
"""
)
GPL_3_TEXT = """                    GNU GENERAL PUBLIC LICENSE
                       Version 3, 29 June 2007

 Copyright (C) 2007 Free Software Foundation, Inc. <https://fsf.org/>
  13. Use with the GNU Affero General Public License.
  ... under version 3 of the GNU Affero General Public License into a single combined work ...

                     END OF TERMS AND CONDITIONS

            How to Apply These Terms to Your New Programs

    This program is free software: you can redistribute it and/or modify
    it under the terms of the GNU General Public License as published by
    the Free Software Foundation, either version 3 of the License, or
    (at your option) any later version.
"""
GPL_2_NOTICE = """foo -- a tool
Copyright (C) 2001 Example

This program is free software; you can redistribute it and/or modify
it under the terms of the GNU General Public License as published by
the Free Software Foundation; either version 2 of the License, or
(at your option) any later version.
"""
LGPL_21 = """                  GNU LESSER GENERAL PUBLIC LICENSE
                       Version 2.1, February 1999

[This is the first released version of the Lesser GPL.  It also counts
 as the successor of the GNU Library Public License, version 2, hence
 the version number 2.1.]

  3. You may opt to apply the terms of the ordinary GNU General Public
License instead of this License to a given copy of the Library.  To do
this, you must alter all the notices that refer to this License, so
that they refer to the ordinary GNU General Public License, version 2,
instead of to this License.
"""
LGPL_3 = """                   GNU LESSER GENERAL PUBLIC LICENSE
                       Version 3, 29 June 2007

  This version of the GNU Lesser General Public License incorporates
the terms and conditions of version 3 of the GNU General Public
License, supplemented by the additional permissions listed below.
"""
AGPL_3 = """                    GNU AFFERO GENERAL PUBLIC LICENSE
                       Version 3, 19 November 2007

  13. Remote Network Interaction; Use with the GNU General Public License.
  ... a work licensed under version 3 of the GNU General Public License ...
"""
MPL_2 = """Mozilla Public License Version 2.0
==================================

1. Definitions
"""
CC_BY = """Attribution 4.0 International

Creative Commons Corporation ("Creative Commons") is not a law firm.

Creative Commons Attribution 4.0 International Public License
"""
CC_BY_SA = "Creative Commons Attribution-ShareAlike 4.0 International Public License\n"
CC_BY_NC = """Attribution-NonCommercial 4.0 International

Creative Commons Attribution-NonCommercial 4.0 International Public License
"""
CC_BY_NC_SA = "Attribution-NonCommercial-ShareAlike 4.0 International\n"
CC0 = "Creative Commons Legal Code\n\nCC0 1.0 Universal\n\n    CREATIVE COMMONS CORPORATION\n"
UNLICENSE = """This is free and unencumbered software released into the public domain.

Anyone is free to copy, modify, publish, use, compile, sell, or
distribute this software.
"""
OPENRAIL = """Copyright (c) 2022 Robin Rombach and Patrick Esser and contributors

CreativeML Open RAIL-M
dated August 22, 2022
"""
LLAMA_2 = """LLAMA 2 COMMUNITY LICENSE AGREEMENT
Llama 2 Version Release Date: July 18, 2023
"""
LLAMA_3 = """META LLAMA 3 COMMUNITY LICENSE AGREEMENT
Meta Llama 3 Version Release Date: April 18, 2024
"""
LLAMA_31 = "LLAMA 3.1 COMMUNITY LICENSE AGREEMENT\nLlama 3.1 Version Release Date: July 23, 2024\n"
GEMMA = "Gemma Terms of Use\n\nLast modified: February 21, 2024\n"


def _write(root: Path, name: str, content: str | bytes) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _only(root: Path) -> LicenseSource:
    sources = find_license_sources(root)
    assert len(sources) == 1, sources
    return sources[0]


TEXT_CASES = [
    (APACHE, "Apache-2.0"),
    ('Licensed under the Apache License, Version 2.0 (the "License");', "Apache-2.0"),
    (MIT, "MIT"),
    (BSD_GRANT, "BSD-2-Clause"),
    (BSD_3, "BSD-3-Clause"),
    (GPL_3_TEXT, "GPL-3.0-only"),
    (GPL_2_NOTICE, "GPL-2.0-or-later"),
    (GPL_2_NOTICE.replace(", or\n(at your option) any later version", ""), "GPL-2.0-only"),
    (GPL_2_NOTICE.replace("version 2", "version 3") + GPL_3_TEXT, "GPL-3.0-or-later"),
    (LGPL_21, "LGPL-2.1-only"),
    (LGPL_3, "LGPL-3.0-only"),
    (AGPL_3, "AGPL-3.0-only"),
    (MPL_2, "MPL-2.0"),
    (CC_BY, "CC-BY-4.0"),
    (CC_BY_SA, "CC-BY-SA-4.0"),
    (CC_BY_NC, "CC-BY-NC-4.0"),
    (CC_BY_NC_SA, "CC-BY-NC-SA-4.0"),
    ("The weights are released under CC BY-NC 4.0.", "CC-BY-NC-4.0"),
    (CC0, "CC0-1.0"),
    (UNLICENSE, "Unlicense"),
    (OPENRAIL, "LicenseRef-creativeml-openrail-m"),
    (
        "BigScience Open RAIL-M License\ndated May 19, 2022\n",
        "LicenseRef-bigscience-openrail-m",
    ),
    (LLAMA_2, "LicenseRef-llama2"),
    (LLAMA_3, "LicenseRef-llama3"),
    (LLAMA_31, "LicenseRef-llama3.1"),
    (GEMMA, "LicenseRef-gemma"),
]


@pytest.mark.parametrize(("text", "expected"), TEXT_CASES, ids=[e for _, e in TEXT_CASES])
def test_license_texts_are_recognised(tmp_path: Path, text: str, expected: str) -> None:
    _write(tmp_path, "LICENSE", text)
    source = _only(tmp_path)
    assert source == LicenseSource("file:LICENSE", expected, source.detail)
    assert "recognised from its text" in source.detail


def test_gpl_appendix_sample_notice_does_not_make_the_text_or_later(tmp_path: Path) -> None:
    # The canonical GPL text ends with a sample "or (at your option) any later version"
    # notice; a bare copy of the text is a GPL-3.0 grant, not an or-later one.
    _write(tmp_path, "COPYING", GPL_3_TEXT)
    assert _only(tmp_path).expression == "GPL-3.0-only"


def test_lgpl_mentioning_the_ordinary_gpl_is_not_reported_as_gpl(tmp_path: Path) -> None:
    _write(tmp_path, "COPYING.LESSER", LGPL_21)
    assert _only(tmp_path).expression == "LGPL-2.1-only"


def test_markdown_decoration_does_not_hide_the_license(tmp_path: Path) -> None:
    _write(tmp_path, "LICENSE.md", "# Apache License\n## **Version 2.0**, January 2004\n")
    assert _only(tmp_path).expression == "Apache-2.0"


def test_several_license_texts_in_one_file_all_apply(tmp_path: Path) -> None:
    _write(tmp_path, "LICENSE", f"Code:\n{MIT}\n\nModel weights:\n{LLAMA_3}")
    source = _only(tmp_path)
    assert source.expression == "MIT AND LicenseRef-llama3"


def test_spdx_identifier_line_wins_over_the_text(tmp_path: Path) -> None:
    _write(tmp_path, "LICENSE", "SPDX-License-Identifier: MIT OR Apache-2.0\n\n" + GPL_3_TEXT)
    source = _only(tmp_path)
    assert source.expression == "MIT OR Apache-2.0"
    assert source.detail == "SPDX-License-Identifier line"


def test_spdx_identifier_inside_a_comment(tmp_path: Path) -> None:
    _write(tmp_path, "LICENSE.md", "<!-- SPDX-License-Identifier: Apache-2.0 -->\n# License\n")
    assert _only(tmp_path).expression == "Apache-2.0"


def test_unrecognised_text_is_unknown_with_a_reason(tmp_path: Path) -> None:
    _write(tmp_path, "LICENSE", "You may use this model only on Tuesdays.\n")
    source = _only(tmp_path)
    assert source.expression == UNKNOWN
    assert source.detail == "license text not recognised"


def test_empty_license_file_is_unknown(tmp_path: Path) -> None:
    _write(tmp_path, "LICENSE", "  \n\n")
    assert _only(tmp_path) == LicenseSource("file:LICENSE", UNKNOWN, "empty license file")


def test_binary_garbage_is_unknown_not_an_error(tmp_path: Path) -> None:
    _write(tmp_path, "LICENSE", bytes(range(256)) * 64)
    source = _only(tmp_path)
    assert source.expression == UNKNOWN
    assert "binary content" in source.detail


def test_utf16_license_file_is_decoded(tmp_path: Path) -> None:
    _write(tmp_path, "LICENSE.txt", MIT.encode("utf-16"))
    assert _only(tmp_path).expression == "MIT"


def test_huge_file_is_read_only_up_to_the_limit(tmp_path: Path) -> None:
    filler = ("x" * 1023 + "\n") * (MAX_READ_BYTES // 1024 * 4)
    _write(tmp_path, "LICENSE", MIT + filler)
    _write(tmp_path, "sub/LICENSE", filler + MIT)
    head, tail = find_license_sources(tmp_path)
    assert head.expression == "MIT"
    assert f"read the first {MAX_READ_BYTES} of" in head.detail
    # A license that only starts after the read limit is not seen: review, not a guess.
    assert tail.origin == "file:sub/LICENSE"
    assert tail.expression == UNKNOWN


def test_file_names_are_case_insensitive_and_one_level_deep(tmp_path: Path) -> None:
    _write(tmp_path, "Copying", MIT)
    _write(tmp_path, "weights/license.TXT", APACHE)
    _write(tmp_path, "a/b/LICENSE", AGPL_3)  # two levels down: not the version's license
    _write(tmp_path, "LICENSE.pdf", AGPL_3)  # not a license file name we read
    _write(tmp_path, "config.json", '{"license": "agpl-3.0"}')  # config is not a source
    sources = find_license_sources(tmp_path)
    assert [(s.origin, s.expression) for s in sources] == [
        ("file:Copying", "MIT"),
        ("file:weights/license.TXT", "Apache-2.0"),
    ]


def test_no_license_files_means_no_sources(tmp_path: Path) -> None:
    _write(tmp_path, "model.safetensors", b"\x00" * 16)
    _write(tmp_path, "README.md", "# A model without front matter\n")
    assert find_license_sources(tmp_path) == []


def test_missing_directory_has_no_sources(tmp_path: Path) -> None:
    assert find_license_sources(tmp_path / "absent") == []


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlinks_are_not_followed(tmp_path: Path) -> None:
    outside = _write(tmp_path, "outside/LICENSE", AGPL_3)
    root = tmp_path / "version"
    root.mkdir()
    (root / "LICENSE").symlink_to(outside)
    (root / "linked").symlink_to(outside.parent, target_is_directory=True)
    assert find_license_sources(root) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_named_license_does_not_block(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "LICENSE")
    assert find_license_sources(tmp_path) == []


# --- model card front matter ---------------------------------------------------------------


def _card(front_matter: str, body: str = "# Model\n") -> str:
    return f"---\n{front_matter}\n---\n{body}"


@pytest.mark.parametrize(
    ("front_matter", "expected"),
    [
        ("license: apache-2.0", "Apache-2.0"),
        ("license: mit", "MIT"),
        ("license: cc-by-nc-4.0", "CC-BY-NC-4.0"),
        ("license: gpl-3.0", "GPL-3.0-only"),
        ("license: agpl-3.0", "AGPL-3.0-only"),
        ("license: openrail", "LicenseRef-openrail"),
        ("license: creativeml-openrail-m", "LicenseRef-creativeml-openrail-m"),
        ("license: llama2", "LicenseRef-llama2"),
        ("license: llama3.1", "LicenseRef-llama3.1"),
        ("license: gemma", "LicenseRef-gemma"),
        ("license: unknown", UNKNOWN),
        ("license: [mit, cc-by-4.0]", "MIT AND CC-BY-4.0"),
        ("license:\n  - mit\n  - mit", "MIT"),
        ("license: MIT OR Apache-2.0", "MIT OR Apache-2.0"),
        ("license: other", "LicenseRef-other"),
        (
            "license: other\nlicense_name: acme-model-license\nlicense_link: LICENSE",
            "LicenseRef-acme-model-license",
        ),
        ("license: other\nlicense_name: Acme License (v2)!", "LicenseRef-Acme-License-v2"),
        ("license:", UNKNOWN),
        ("license: 42", UNKNOWN),
        ("license: [mit, {name: x}]", f"MIT AND {UNKNOWN}"),
        ("license: []", UNKNOWN),
    ],
)
def test_model_card_license(tmp_path: Path, front_matter: str, expected: str) -> None:
    _write(tmp_path, "README.md", _card("language: en\n" + front_matter + "\ntags: [x]"))
    source = _only(tmp_path)
    assert (source.origin, source.expression) == ("hf-metadata:README.md", expected)


def test_other_license_detail_names_the_link(tmp_path: Path) -> None:
    card = _card("license: other\nlicense_name: acme\nlicense_link: https://acme.example/l")
    _write(tmp_path, "README.md", card)
    assert "https://acme.example/l" in _only(tmp_path).detail


@pytest.mark.parametrize(
    ("front_matter", "reason"),
    [
        ("license: [mit", "not valid YAML"),
        ("license: mit\n  bad: indent: here", "not valid YAML"),
        ("license: 2001-02-30", "not valid YAML"),
        ("!!python/object/apply:os.system ['echo pwned']", "not valid YAML"),
        ("license: " + "[" * 5000, "not valid YAML"),
        ("- just\n- a list", "not a YAML mapping"),
    ],
)
def test_malformed_front_matter_needs_review(
    tmp_path: Path, front_matter: str, reason: str
) -> None:
    _write(tmp_path, "README.md", _card(front_matter))
    source = _only(tmp_path)
    assert source.expression == UNKNOWN
    assert reason in source.detail


def test_oversized_front_matter_is_not_parsed(tmp_path: Path) -> None:
    _write(tmp_path, "README.md", _card("license: mit\ndescription: " + "x" * 70_000))
    source = _only(tmp_path)
    assert source.expression == UNKNOWN
    assert "64 KiB" in source.detail


def test_yaml_alias_bomb_stays_small(tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20)
    )
    _write(tmp_path, "README.md", _card(bomb + "license: *u"))
    assert _only(tmp_path).expression == UNKNOWN


@pytest.mark.parametrize(
    "card",
    [
        "# Model\n\nlicense: mit\n",  # no front matter at all
        _card("language: en"),  # front matter without a license
        _card(""),  # empty front matter
        "---\nlicense: mit\n\nA Markdown rule that is never closed.\n",
        "----\nlicense: mit\n----\n",  # a longer rule, not front matter
    ],
)
def test_cards_without_a_license_declaration(tmp_path: Path, card: str) -> None:
    _write(tmp_path, "README.md", card)
    assert find_license_sources(tmp_path) == []


def test_card_with_crlf_line_endings(tmp_path: Path) -> None:
    _write(tmp_path, "README.md", "---\r\nlicense: mit\r\n---\r\n# Model\r\n")
    assert _only(tmp_path).expression == "MIT"


def test_card_and_license_file_are_separate_sources(tmp_path: Path) -> None:
    _write(tmp_path, "README.md", _card("license: mit"))
    _write(tmp_path, "LICENSE", GPL_3_TEXT)
    assert [(s.origin, s.expression) for s in find_license_sources(tmp_path)] == [
        ("file:LICENSE", "GPL-3.0-only"),
        ("hf-metadata:README.md", "MIT"),
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Apache-2.0", "Apache-2.0"),
        ("BSD-3-Clause-Clear", "BSD-3-Clause-Clear"),
        ("openrail++", "LicenseRef-openrail-plusplus"),
        ("odbl", "ODbL-1.0"),
        ("llama3.3", "LicenseRef-llama3.3"),
        ("my custom license", "LicenseRef-my-custom-license"),
        ("MIT/Apache", "LicenseRef-MIT-Apache"),
        ("licenseref-Acme", "LicenseRef-Acme"),
        ("", UNKNOWN),
        ("???", UNKNOWN),
        ("()", UNKNOWN),  # crashed the SPDX parser with IndexError
        ("MIT AND", "LicenseRef-MIT-AND"),
    ],
)
def test_hf_license_to_spdx(value: str, expected: str) -> None:
    assert hf_license_to_spdx(value) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_hf_license_to_spdx_always_gives_a_parseable_expression(value: str) -> None:
    _, problem = parse_spdx(hf_license_to_spdx(value))
    assert problem is None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    license_bytes=st.binary(max_size=2048),
    card=st.one_of(
        st.text(max_size=400).map(lambda t: f"---\n{t}\n---\n"),
        st.binary(max_size=400).map(lambda b: b"---\n" + b + b"\n---\n"),
    ),
)
def test_detection_never_raises_on_arbitrary_files(license_bytes: bytes, card: str | bytes) -> None:
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        _write(root, "LICENSE", license_bytes)
        _write(root, "README.md", card)
        sources = find_license_sources(root)
    assert sources[0].origin == "file:LICENSE"
    assert all(s.expression for s in sources)
