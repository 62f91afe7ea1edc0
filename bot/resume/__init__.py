"""Reading resumes: bytes in, a validated `Resume` out (see `bot.resume.reader.read_resume`)."""
