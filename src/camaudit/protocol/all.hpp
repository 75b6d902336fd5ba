// SPDX-License-Identifier: Apache-2.0
// Includes every protocol's header (one line per protocol), for the registry.
#pragma once
// HEADERS (keep this marker: one #include per line below it)
