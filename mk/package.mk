# The library as other projects take it: examples/minimal.c (the program the
# README shows) built against libsse_delta.a; `make install` with a
# pkg-config file; CMake (add_subdirectory, FetchContent) and Meson
# (subproject) builds of the same example, each checked by running it.
#
#     make examples         build/examples/minimal, run (part of make test)
#     make install PREFIX=/usr/local DESTDIR=
#     make test-packaging   install + pkg-config, CMake twice, Meson

PREFIX ?= /usr/local
DESTDIR ?=
VERSION := $(shell sed -n 's/^\#define SSE_DELTA_VERSION "\(.*\)"/\1/p' sse_delta.h)
PACKAGING = $(BUILD)/packaging
CHECK_MINIMAL = sh test/packaging/check_minimal.sh

.PHONY: examples install test-packaging test-install test-cmake test-meson

$(BUILD)/examples/minimal: examples/minimal.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) -std=c99 $(WARNINGS) $(CFLAGS) -I. -o $@ examples/minimal.c $(LIB)

examples: $(BUILD)/examples/minimal
	@$(CHECK_MINIMAL) $<

# Made again on every install: it holds PREFIX.
$(BUILD)/sse_delta.pc: sse_delta.pc.in FORCE
	@mkdir -p $(dir $@)
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' $< > $@
FORCE:

install: $(LIB) $(BUILD)/sse_delta.pc
	install -d $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 644 sse_delta.h $(DESTDIR)$(PREFIX)/include/
	install -m 644 $(LIB) $(DESTDIR)$(PREFIX)/lib/
	install -m 644 $(BUILD)/sse_delta.pc $(DESTDIR)$(PREFIX)/lib/pkgconfig/

# Installed into a temporary prefix (and once staged under DESTDIR, which
# must not leak into the .pc file), then the example built the way a user
# of an installed library builds: pkg-config --cflags --libs sse_delta.
test-install: | $(INSTALL_DEPS)
	@sh mk/require.sh pkg-config 'command -v pkg-config' pkg-config
	rm -rf $(PACKAGING)/install
	$(MAKE) --no-print-directory install PREFIX=$(abspath $(PACKAGING)/install/usr)
	$(MAKE) --no-print-directory install PREFIX=/opt/sse DESTDIR=$(abspath $(PACKAGING)/install/stage)
	test -f $(PACKAGING)/install/stage/opt/sse/include/sse_delta.h
	grep -qx 'prefix=/opt/sse' $(PACKAGING)/install/stage/opt/sse/lib/pkgconfig/sse_delta.pc
	PKG_CONFIG_PATH=$(abspath $(PACKAGING)/install/usr/lib/pkgconfig) \
	  $(CC) -std=c99 $(WARNINGS) -o $(PACKAGING)/install/minimal examples/minimal.c \
	  $$(PKG_CONFIG_PATH=$(abspath $(PACKAGING)/install/usr/lib/pkgconfig) pkg-config --cflags --libs sse_delta)
	@$(CHECK_MINIMAL) $(PACKAGING)/install/minimal

test-cmake: | $(INSTALL_DEPS)
	@sh mk/require.sh cmake 'command -v cmake' cmake
	@sh mk/require.sh git 'command -v git' git
	rm -rf $(PACKAGING)/cmake-sub $(PACKAGING)/cmake-fetch
	cmake -S test/packaging/cmake -B $(PACKAGING)/cmake-sub -DSSE_DELTA_SOURCE=$(CURDIR) \
	  -DCMAKE_C_FLAGS="$(WARNINGS)" >/dev/null
	cmake --build $(PACKAGING)/cmake-sub >/dev/null
	@$(CHECK_MINIMAL) $(PACKAGING)/cmake-sub/minimal
	cmake -S test/packaging/cmake -B $(PACKAGING)/cmake-fetch -DSSE_DELTA_SOURCE=$(CURDIR) \
	  -DUSE_FETCHCONTENT=ON -DCMAKE_C_FLAGS="$(WARNINGS)" >/dev/null
	cmake --build $(PACKAGING)/cmake-fetch >/dev/null
	@$(CHECK_MINIMAL) $(PACKAGING)/cmake-fetch/minimal

# Meson wants its subprojects inside the project: a consumer directory in
# the build tree, its subprojects/sse_delta a link to this checkout.
MESON_CONSUMER = $(PACKAGING)/meson
test-meson: | $(INSTALL_DEPS)
	@sh mk/require.sh meson 'command -v meson && command -v ninja' meson ninja-build
	rm -rf $(MESON_CONSUMER)
	mkdir -p $(MESON_CONSUMER)/subprojects
	cp test/packaging/meson/meson.build examples/minimal.c $(MESON_CONSUMER)/
	ln -s $(CURDIR) $(MESON_CONSUMER)/subprojects/sse_delta
	meson setup $(MESON_CONSUMER)/build $(MESON_CONSUMER) -Dwerror=true >/dev/null
	meson compile -C $(MESON_CONSUMER)/build >/dev/null
	@$(CHECK_MINIMAL) $(MESON_CONSUMER)/build/minimal

test-packaging: test-install test-cmake test-meson
