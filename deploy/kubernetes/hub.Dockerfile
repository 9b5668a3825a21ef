# The hub image for Zero to JupyterHub with Closer's sign-in and inbox (see README.md, step 3).
# Build from the repository root:
#   docker build -f deploy/kubernetes/hub.Dockerfile -t REGISTRY/closer-hub:VERSION .
# Use the k8s-hub tag that matches your chart version (helm search repo jupyterhub/jupyterhub).
ARG HUB_IMAGE=quay.io/jupyterhub/k8s-hub
ARG HUB_TAG=4.2.0
FROM ${HUB_IMAGE}:${HUB_TAG}

USER root
COPY . /usr/src/closer
# Closer's authenticator, inbox service and their dependencies; jupyterhub itself is in the image.
RUN python3 -m pip install --no-cache-dir /usr/src/closer && rm -rf /usr/src/closer
USER ${NB_USER}
