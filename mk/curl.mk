# make test-curl: examples/curl_stream.c (libcurl) against a local HTTP
# server (test/curl/server.c) that serves a bundled cassette's body in
# chunked, uneven, delayed writes, and the ways such a response goes wrong:
# cut inside an event, ended cleanly before the finish, a 401 and a 429 with
# a JSON error body, a slow server, a stalled one, an HTML error page, and
# a stream with event ids whose connection drops (the example reconnects
# with Last-Event-ID).
# test/curl/run.sh checks the example's transcript (against the tool's on the
# same bytes), its exit status and what it says on stderr.

.PHONY: test-curl curl-deps

CURL_DIR = $(BUILD)/curl
CURL_EXAMPLE = $(CURL_DIR)/curl_stream
CURL_SERVER = $(CURL_DIR)/sse_server
# the server reads the cassette with the tool's reader
CURL_SERVER_OBJS = $(CURL_DIR)/server.o $(BUILD)/tools/cassette.o $(BUILD)/test/read_file.o

# libcurl's headers: a Debian package, installed as root, else the one-line fix.
curl-deps:
	@sh mk/require.sh libcurl '$(CC) -E -include curl/curl.h -x c /dev/null' libcurl4-openssl-dev

# The example is one file with the library built in (SSE_DELTA_IMPLEMENTATION),
# the way a program takes the single header.
$(CURL_EXAMPLE): examples/curl_stream.c sse_delta.h | $(INSTALL_DEPS) curl-deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ examples/curl_stream.c -lcurl

$(CURL_DIR)/server.o: test/curl/server.c | $(INSTALL_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itools -Itest -c $< -o $@

$(CURL_SERVER): $(CURL_SERVER_OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CURL_SERVER_OBJS) -lyaml

test-curl: $(CURL_EXAMPLE) $(CURL_SERVER) $(TOOL)
	sh test/curl/run.sh $(CURL_EXAMPLE) $(CURL_SERVER) $(TOOL) $(CURL_DIR)/runs
