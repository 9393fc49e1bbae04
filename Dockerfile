# Builds the hub image from the repo: docker compose up --build
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -q -B dependency:go-offline
COPY src src
RUN mvn -q -B package -DskipTests

FROM eclipse-temurin:17-jre
WORKDIR /app
RUN useradd --system --home /app hub && mkdir -p /app/data && chown hub /app/data
COPY --from=build /src/target/woo-nxt-hub.jar /app/woo-nxt-hub.jar
COPY routes /app/routes
COPY mappings /app/mappings
USER hub
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --retries=5 CMD wget -qO- http://127.0.0.1:8080/actuator/health || exit 1
ENTRYPOINT ["java", "-jar", "/app/woo-nxt-hub.jar"]
