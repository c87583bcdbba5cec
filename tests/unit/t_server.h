/*
 * t_server.h - starting a test server (tests/httpd.py, tests/smtpd.py) from
 * a unit test.
 *
 * The server is a python3 script that binds 127.0.0.1 and prints its port
 * alone on its first stdout line.  t_start_server forks, runs python3 with
 * the script's arguments (Debian's /usr/bin/python3 first: it sees Debian's
 * packages, and a pyenv shim is slow to start), and reads that line within
 * 10 s.  The child gets SIGTERM when the test dies, so a crashed test
 * leaves no server behind.  The caller stops it with kill() and waitpid().
 */
#ifndef NW_T_SERVER_H
#define NW_T_SERVER_H

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <unistd.h>

/* The port the server printed on its first line, or 0 when none came. */
static int t_read_port(int fd)
{
	char line[32];
	size_t len = 0;
	struct pollfd p = {.fd = fd, .events = POLLIN};

	while (len < sizeof(line) - 1 && poll(&p, 1, 10000) == 1) {
		if (read(fd, line + len, 1) != 1 || line[len] == '\n')
			break;
		len++;
	}
	line[len] = '\0';
	return atoi(line);
}

/*
 * Run python3 with args (NULL-terminated: the script and its options);
 * *pid gets the child.  Returns the port, or -1 when the server did not
 * start.
 */
static int t_start_server(const char *const *args, pid_t *pid)
{
	const char *argv[32] = {"python3"};
	size_t argc = 1;
	int fds[2], port;

	for (size_t i = 0; args[i] && argc < 31; i++)
		argv[argc++] = args[i];
	argv[argc] = NULL;
	if (pipe(fds))
		return -1;
	*pid = fork();
	if (*pid < 0)
		return -1;
	if (*pid == 0) {
		int null = open("/dev/null", O_RDONLY);

		prctl(PR_SET_PDEATHSIG, SIGTERM); /* no orphan server if we crash */
		dup2(null, 0);
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execv("/usr/bin/python3", (char *const *)argv);
		execvp("python3", (char *const *)argv);
		perror("cannot run python3");
		_exit(127);
	}
	close(fds[1]);
	port = t_read_port(fds[0]);
	close(fds[0]);
	return port > 0 ? port : -1;
}

#endif
